// Sync (racy): broken double-checked locking with a plain `initialized` flag. The first
// thread initializes under the mutex; the second runs after it (it waits on a relaxed atomic,
// which orders nothing), sees the flag set on the unlocked fast path and uses the object
// without ever taking the mutex. Three races: the flag, the pointer, and the object's field.
// RACELIGHT-EXPECT: data-race lines=@SET,@CHECK var=initialized
// RACELIGHT-EXPECT: data-race lines=@ALLOC,@USE var=instance
// RACELIGHT-EXPECT: data-race lines=@INIT,@USE vartype=heap
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int initialized;
int *instance;
atomic_int first_done;

static int get(void) {
  if (!initialized) { // @CHECK
    pthread_mutex_lock(&m);
    if (!initialized) {
      instance = malloc(sizeof(int)); // @ALLOC
      *instance = 42; // @INIT
      initialized = 1; // @SET
    }
    pthread_mutex_unlock(&m);
  }
  return *instance; // @USE
}

static void *first(void *arg) {
  (void)arg;
  long v = get();
  atomic_store_explicit(&first_done, 1, memory_order_relaxed);
  return (void *)v;
}

static void *second(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&first_done, memory_order_relaxed)) sched_yield();
  return (void *)(long)get();
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, first, NULL);
  pthread_create(&b, NULL, second, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d\n", *instance);
  free(instance);
  return 0;
}
