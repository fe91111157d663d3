// Sync (racy): a detached thread writes a global; main polls a relaxed atomic until the
// thread says it is done and then reads the global. Detached threads are never joined, and
// the relaxed flag orders nothing: a race.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=outcome
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

long outcome;
atomic_int finished;

static void *work(void *arg) {
  (void)arg;
  outcome = 31; // @W
  atomic_store_explicit(&finished, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, work, NULL);
  pthread_detach(t);
  while (!atomic_load_explicit(&finished, memory_order_relaxed)) sched_yield();
  printf("outcome = %ld\n", outcome); // @R
  return 0;
}
