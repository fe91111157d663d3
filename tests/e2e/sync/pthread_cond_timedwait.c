// Sync (clean): pthread_cond_timedwait with short absolute CLOCK_REALTIME deadlines; the
// waiter re-checks its predicate after each timeout. The worker publishes results under the
// mutex; the waiter reads them only while holding the mutex.
// RACELIGHT-EXPECT: none
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t c = PTHREAD_COND_INITIALIZER;
int produced;
long results[100];

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i) {
    pthread_mutex_lock(&m);
    results[i] = (long)i * i;
    produced = i + 1;
    pthread_cond_signal(&c);
    pthread_mutex_unlock(&m);
  }
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  long sum = 0;
  int consumed = 0, timeouts = 0;
  pthread_mutex_lock(&m);
  while (consumed < 100) {
    while (produced == consumed) {
      struct timespec ts;
      clock_gettime(CLOCK_REALTIME, &ts);
      ts.tv_nsec += 200000;
      if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
      if (pthread_cond_timedwait(&c, &m, &ts) == ETIMEDOUT) timeouts++;
    }
    while (consumed < produced) sum += results[consumed++];
  }
  pthread_mutex_unlock(&m);
  pthread_join(t, NULL);
  printf("sum = %ld (%d timeouts)\n", sum, timeouts);
  return sum == 328350 ? 0 : 1;
}
