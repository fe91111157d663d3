// A data race whose two threads synchronized in many ways before it (race_timeline.sh checks
// the report's "timeline"). Main locks M2, waits on a condition variable with a timeout (a
// cond-wait), unlocks M2 and creates T1. T1 locks and unlocks M1, signals the condition
// variable, posts a semaphore, makes five release stores at one site (one record, counted),
// then writes `shared` under M1 and tells main (a relaxed store: no synchronization), which
// writes `shared` without M1: a race. T1's lock of M1 is in the epoch of its write (an acquire
// does not advance the clock): "same-epoch"; its unlock comes after the write.
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
sem_t sem;
atomic_int published, stage;
int shared;

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m1);    // @T1_LOCK
  pthread_mutex_unlock(&m1);  // @T1_UNLOCK
  pthread_cond_signal(&cv);   // @T1_SIGNAL
  sem_post(&sem);             // @T1_POST
  for (int i = 0; i < 5; ++i)
    atomic_store_explicit(&published, i, memory_order_release);  // @T1_RELEASE
  pthread_mutex_lock(&m1);    // @T1_LOCK2
  shared = 1;                 // @T1_WRITE
  pthread_mutex_unlock(&m1);  // @T1_UNLOCK2
  atomic_store_explicit(&stage, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  sem_init(&sem, 0, 0);
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_nsec += 1000 * 1000;
  if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
  pthread_mutex_lock(&m2);                     // @MAIN_LOCK
  pthread_cond_timedwait(&cv, &m2, &deadline);  // @MAIN_WAIT
  pthread_mutex_unlock(&m2);                   // @MAIN_UNLOCK
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);      // @MAIN_CREATE
  while (atomic_load_explicit(&stage, memory_order_relaxed) == 0) {}
  shared = 2;                                  // @MAIN_WRITE
  pthread_join(t, NULL);
  printf("shared = %d\n", shared);
  return 0;
}
