// Sync (clean): pthread_mutex_timedlock with short deadlines (some expire while another
// thread holds the lock for a while) guarding a plain counter; only successful acquisitions
// touch it.
// RACELIGHT-EXPECT: none
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
long counter;
int timeouts[2];

static void *work(void *arg) {
  long id = (long)arg;
  int done = 0;
  while (done < 200) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 50000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    int rc = pthread_mutex_timedlock(&m, &ts);
    if (rc == ETIMEDOUT) { timeouts[id]++; continue; }
    ++counter;
    ++done;
    if (done % 50 == 0) usleep(200);
    pthread_mutex_unlock(&m);
  }
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (long i = 0; i < 2; ++i) pthread_create(&t[i], NULL, work, (void *)i);
  for (int i = 0; i < 2; ++i) pthread_join(t[i], NULL);
  printf("counter = %ld (timeouts %d %d)\n", counter, timeouts[0], timeouts[1]);
  return counter == 400 ? 0 : 1;
}
