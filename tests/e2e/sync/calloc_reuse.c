// Sync (clean): calloc'ed blocks written and freed by a worker, then calloc'ed again by main
// (with no synchronization with the worker but a relaxed flag) and read: calloc's zeroing and
// main's reads belong to the new block only.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

atomic_int done;

static void *worker(void *arg) {
  (void)arg;
  for (int round = 0; round < 50; ++round) {
    long *p = calloc(64, sizeof(long));
    for (int i = 0; i < 64; ++i) p[i] = i;
    free(p);
  }
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) sched_yield();
  long nonzero = 0;
  for (int round = 0; round < 50; ++round) {
    long *q = calloc(64, sizeof(long));
    for (int i = 0; i < 64; ++i) nonzero += q[i] != 0;
    q[0] = 1;
    free(q);
  }
  pthread_join(t, NULL);
  printf("nonzero = %ld\n", nonzero);
  return nonzero == 0 ? 0 : 1;
}
