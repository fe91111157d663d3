// Stalls: a lost wake-up. The worker signals `ready` before main waits for it (main's wait is
// not guarded by a predicate), then waits for main's answer; nobody will ever signal again,
// so both threads are blocked on condition variables for ever. Racelight must report a
// deadlock (stall) naming both waits, and end the process with 66 instead of hanging.
// RACELIGHT-EXPECT: deadlock subkind=stall lines=@MAIN_WAIT,@WORKER_WAIT
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t ready = PTHREAD_COND_INITIALIZER, answer = PTHREAD_COND_INITIALIZER;
atomic_int signalled;  // relaxed handshake only: it makes the wake-up come first

static void *worker(void *arg) {
  pthread_mutex_lock(&m);
  pthread_cond_signal(&ready);  // nobody waits yet: lost
  atomic_store_explicit(&signalled, 1, memory_order_relaxed);
  pthread_cond_wait(&answer, &m); // @WORKER_WAIT
  pthread_mutex_unlock(&m);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  while (!atomic_load_explicit(&signalled, memory_order_relaxed)) {}
  pthread_mutex_lock(&m);
  pthread_cond_wait(&ready, &m); // @MAIN_WAIT
  pthread_cond_signal(&answer);
  pthread_mutex_unlock(&m);
  pthread_join(t, NULL);
  puts("not reached: the wake-up was lost");
  return 1;
}
