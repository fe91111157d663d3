// POSIX sync-object memory (racy): a worker read-locks and unlocks a reader/writer lock;
// main destroys it with nothing ordering the destroy after the worker's use (a relaxed flag
// orders nothing; readers release nothing to a destroy). Destroying writes the lock's
// memory, read-locking reads it.
// RACELIGHT-EXPECT: data-race lines=@RDLOCK,@DESTROY var=l vartype=global
#include <pthread.h>
#include <stdatomic.h>

pthread_rwlock_t l = PTHREAD_RWLOCK_INITIALIZER;
atomic_int done;
int value = 7;

static void *reader(void *arg) {
  pthread_rwlock_rdlock(&l); // @RDLOCK
  int v = value;
  pthread_rwlock_unlock(&l);
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return (void *)(long)v;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, reader, 0);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) {
  }
  pthread_rwlock_destroy(&l); // @DESTROY
  void *v;
  pthread_join(t, &v);
  return (long)v == 7 ? 0 : 1;
}
