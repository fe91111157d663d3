// Sync (clean): sem_timedwait with short deadlines (most calls time out) and sem_trywait.
// A producer posts after writing each item; the consumer reads an item only after a
// successful wait.
// RACELIGHT-EXPECT: none
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

sem_t items;
long values[20];

static void *producer(void *arg) {
  (void)arg;
  for (int i = 0; i < 20; ++i) {
    usleep(500);
    values[i] = i * 7L;
    sem_post(&items);
  }
  return NULL;
}

int main(void) {
  sem_init(&items, 0, 0);
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  long sum = 0;
  int timeouts = 0;
  for (int i = 0; i < 20;) {
    if (sem_trywait(&items) == 0) {
      sum += values[i++];
      continue;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 100000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    if (sem_timedwait(&items, &ts) == 0) sum += values[i++];
    else if (errno == ETIMEDOUT) timeouts++;
  }
  pthread_join(t, NULL);
  printf("sum = %ld (%d timeouts)\n", sum, timeouts);
  return sum == 1330 ? 0 : 1;
}
