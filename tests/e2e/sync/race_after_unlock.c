// Sync (racy): a thread updates a value under the mutex, unlocks, and then writes it once
// more outside the lock. The other thread (which starts after, ordered in time only by a
// relaxed atomic) reads it under the mutex: it is ordered after the locked write but not
// after the unlocked one. One race, with the write outside the lock.
// RACELIGHT-EXPECT: data-race lines=@OUTSIDE,@R var=state
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int state;
atomic_int first_done;

static void *updater(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m);
  state = 1;
  pthread_mutex_unlock(&m);
  state = 2; // @OUTSIDE
  atomic_store_explicit(&first_done, 1, memory_order_relaxed);
  return NULL;
}

static void *reader(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&first_done, memory_order_relaxed)) sched_yield();
  pthread_mutex_lock(&m);
  int v = state; // @R
  pthread_mutex_unlock(&m);
  return (void *)(long)v;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, updater, NULL);
  pthread_create(&b, NULL, reader, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("state = %d\n", state);
  return 0;
}
