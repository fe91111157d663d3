// Misuse (clean): a worker dies holding a robust mutex; main's lock returns EOWNERDEAD,
// main repairs the state and calls pthread_mutex_consistent. That is what robust mutexes
// are for: no exit-holding report (it was a false one before), and the dead owner's writes
// are ordered before the recovering thread (no data race on `state`; main does not join
// the worker before recovering).
// RACELIGHT-EXPECT: none
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>

pthread_mutex_t m;
int state;
atomic_int started;

static void *dies_holding(void *arg) {
  pthread_mutex_lock(&m);
  state = 1;  // half-way through an update
  atomic_store_explicit(&started, 1, memory_order_relaxed);
  return arg;  // exits holding m
}

int main(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&m, &attr);
  pthread_mutexattr_destroy(&attr);
  pthread_t t;
  pthread_create(&t, 0, dies_holding, 0);
  while (!atomic_load_explicit(&started, memory_order_relaxed)) {
  }
  int rc = pthread_mutex_lock(&m);  // blocks until the worker is gone
  if (rc == EOWNERDEAD) {
    state = state ? 2 : -1;  // repair
    pthread_mutex_consistent(&m);
  }
  pthread_mutex_unlock(&m);
  pthread_join(t, 0);
  rc = pthread_mutex_lock(&m);  // usable again
  pthread_mutex_unlock(&m);
  pthread_mutex_destroy(&m);
  return rc == 0 && state == 2 ? 0 : 1;
}
