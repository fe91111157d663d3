// Core: two threads released at the same instant (by a relaxed atomic start flag, which
// orders nothing) write the same, never-touched global once each. Both writes are each
// thread's first access to that memory, so they reach the runtime's slow path at the same
// time: the check of one access against the shadow and the recording of the other must not
// interleave so that each misses the other. The race must be reported in every run.
// RACELIGHT-EXPECT: data-race lines=@W,@W var=target
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

long target;
atomic_int go, waiting;

static void *writer(void *arg) {
  atomic_fetch_add_explicit(&waiting, 1, memory_order_relaxed);
  while (!atomic_load_explicit(&go, memory_order_relaxed)) {
  }
  target = (long)arg; // @W
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, writer, (void *)1L);
  pthread_create(&b, NULL, writer, (void *)2L);
  while (atomic_load_explicit(&waiting, memory_order_relaxed) < 2) {
  }
  atomic_store_explicit(&go, 1, memory_order_relaxed);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("target = %ld\n", target);
  return 0;
}
