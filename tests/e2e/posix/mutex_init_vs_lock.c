// POSIX sync-object memory (racy): a worker locks a statically initialized mutex; main then
// initializes it again with pthread_mutex_init, with nothing ordering the two (a relaxed
// flag orders nothing). Initializing writes the mutex's memory, locking reads it.
// RACELIGHT-EXPECT: data-race lines=@LOCK,@INIT var=m vartype=global
#include <pthread.h>
#include <stdatomic.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
atomic_int done;
int counter;

static void *worker(void *arg) {
  pthread_mutex_lock(&m); // @LOCK
  counter++;
  pthread_mutex_unlock(&m);
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) {
  }
  pthread_mutex_init(&m, 0); // @INIT
  pthread_join(t, 0);
  pthread_mutex_destroy(&m);
  return counter == 1 ? 0 : 1;
}
