// Locks (clean): lock identity survives address reuse. Phase 1: a mutex X in static storage
// is taken under A (A -> X), destroyed, and a new mutex Y is initialized in the same storage
// and taken before A (Y -> A). Phase 2: the same with a heap mutex that is freed (without
// pthread_mutex_destroy) and a new one malloc'ed at the same address. X and Y are different
// locks, so A -> X and Y -> A form no cycle: nothing may be reported.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t storage;
// Heap mutexes are copied from this one (storing zeros instead lets the compiler turn the
// malloc into a calloc, which glibc serves without reusing the freed block).
pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t *slot;  // the mutex each thread uses
int value;
pthread_mutex_t *held[7];  // global, so that the compiler keeps their malloc and free calls

static void *a_then_slot(void *arg) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(slot);
  value++;
  pthread_mutex_unlock(slot);
  pthread_mutex_unlock(&a);
  return arg;
}

static void *slot_then_a(void *arg) {
  pthread_mutex_lock(slot);
  pthread_mutex_lock(&a);
  value++;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(slot);
  return arg;
}

static void run(void *(*fn)(void *)) {
  pthread_t t;
  pthread_create(&t, NULL, fn, NULL);
  pthread_join(t, NULL);
}

int main(void) {
  slot = &storage;  // phase 1: re-initialized in place
  pthread_mutex_init(slot, NULL);
  run(a_then_slot);
  pthread_mutex_destroy(slot);
  pthread_mutex_init(slot, NULL);
  run(slot_then_a);
  pthread_mutex_destroy(slot);

  pthread_mutex_t *first = malloc(sizeof *first);  // phase 2: freed and allocated again
  *first = fresh;
  slot = first;
  run(a_then_slot);
  // glibc's per-thread cache of freed blocks is shared with the runtime, which allocates and
  // frees its own records through it (`first` itself came from the cache, a block of the
  // exited thread's arena). When the cache of this size is full, free(first) returns the
  // block to its arena, which this thread's mallocs never reach: the address is not reused
  // (seen in CI). Empty the cache of this size first (it holds at most 7 blocks) so that
  // the freed block goes into it.
  for (int i = 0; i < 7; i++) held[i] = malloc(sizeof *held[i]);
  free(first);
  pthread_mutex_t *second = malloc(sizeof *second);
  *second = fresh;
  slot = second;
  run(slot_then_a);
  printf("value = %d, heap address %s\n", value, (void *)second == (void *)first ? "reused" : "not reused");
  free(second);
  for (int i = 0; i < 7; i++) free(held[i]);
  return value == 4 && (void *)second == (void *)first ? 0 : 1;
}
