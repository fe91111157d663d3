// Locks (clean): a heap block holding a locked mutex is freed without unlocking it, and
// malloc hands the same block out again. A mutex initialized there, by pthread_mutex_init
// or by copying PTHREAD_MUTEX_INITIALIZER in (a plain store), is a new, unlocked mutex:
// locking it is no deadlock/self. (The free forgets the old lock, but the thread's list of
// held locks still named its address.)
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// Copied into the blocks (storing zeros would let the compiler turn malloc into calloc).
pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
int work;
pthread_mutex_t *held[7];  // global, so that the compiler keeps their malloc and free calls

__attribute__((noinline)) static pthread_mutex_t *lock_new(int by_init) {
  pthread_mutex_t *m = malloc(sizeof *m);
  if (by_init) pthread_mutex_init(m, NULL);
  else *m = fresh;
  pthread_mutex_lock(m);
  work++;
  return m;
}

int main(void) {
  // glibc's per-thread cache of freed blocks is shared with the runtime's own allocations;
  // were the cache of this size full, each free below would go past it and the next malloc
  // would take another block (locks/mutex_address_reuse.c failed so in CI). Empty it first
  // (it holds at most 7 blocks of a size) so that every freed block is the next one handed out.
  for (int i = 0; i < 7; i++) held[i] = malloc(sizeof *held[i]);
  pthread_mutex_t *first = lock_new(1);
  free(first);  // still locked
  pthread_mutex_t *second = lock_new(1);
  free(second);  // still locked
  pthread_mutex_t *third = lock_new(0);
  pthread_mutex_unlock(third);
  free(third);
  int reused = first == second && second == third;
  printf("work = %d, block %s\n", work, reused ? "reused" : "not reused");
  for (int i = 0; i < 7; i++) free(held[i]);
  return work == 3 && reused ? 0 : 1;
}
