// Stalls: a lock wait behind a condition variable. The worker waits on a condition variable
// that main never signals; main is blocked on a mutex the worker holds (taken before its
// wait, on another mutex). No lock cycle: a stall. The report must name both waits.
// RACELIGHT-EXPECT: deadlock subkind=stall lines=@LOCK_WAIT,@COND_WAIT,@HELD
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER, m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t c = PTHREAD_COND_INITIALIZER;
atomic_int holding;  // relaxed handshake only

static void *worker(void *arg) {
  pthread_mutex_lock(&outer); // @HELD
  atomic_store_explicit(&holding, 1, memory_order_relaxed);
  pthread_mutex_lock(&m);
  pthread_cond_wait(&c, &m); // @COND_WAIT
  pthread_mutex_unlock(&m);
  pthread_mutex_unlock(&outer);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  while (!atomic_load_explicit(&holding, memory_order_relaxed)) {}
  pthread_mutex_lock(&outer); // @LOCK_WAIT
  pthread_cond_signal(&c);
  pthread_mutex_unlock(&outer);
  pthread_join(t, NULL);
  puts("not reached");
  return 1;
}
