// Stalls (clean): waits with a timeout cannot block for ever. Main waits on a condition
// variable with pthread_cond_timedwait, then on a semaphore with sem_timedwait, then joins
// with pthread_timedjoin_np, each for longer than deadlock_timeout_ms and each timing out,
// while the worker waits (untimed) on a semaphore main posts at the end. No report.
// RACELIGHT-OPTIONS: deadlock_timeout_ms=100
// RACELIGHT-EXPECT: none
// RACELIGHT-TIMEOUT: 10
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t c = PTHREAD_COND_INITIALIZER;
sem_t go, never;

static void *worker(void *arg) {
  sem_wait(&go);
  return arg;
}

static struct timespec in_ms(long ms) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  t.tv_nsec += (ms % 1000) * 1000000L;
  t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000L;
  t.tv_nsec %= 1000000000L;
  return t;
}

int main(void) {
  sem_init(&go, 0, 0);
  sem_init(&never, 0, 0);
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  struct timespec deadline = in_ms(400);
  pthread_mutex_lock(&m);
  int rc = pthread_cond_timedwait(&c, &m, &deadline);
  pthread_mutex_unlock(&m);
  if (rc != ETIMEDOUT) return 2;
  deadline = in_ms(400);
  if (sem_timedwait(&never, &deadline) == 0 || errno != ETIMEDOUT) return 3;
  deadline = in_ms(400);
  if (pthread_timedjoin_np(t, NULL, &deadline) != ETIMEDOUT) return 4;
  sem_post(&go);
  pthread_join(t, NULL);
  puts("done");
  return 0;
}
