// POSIX sync-object memory (racy): a worker signals a condition variable; main destroys it
// with nothing ordering the destroy after the signal (the worker may still be inside
// pthread_cond_signal). Destroying writes the object's memory, signalling reads it.
// RACELIGHT-EXPECT: data-race lines=@SIGNAL,@DESTROY var=c vartype=global
#include <pthread.h>
#include <stdatomic.h>

pthread_cond_t c = PTHREAD_COND_INITIALIZER;
atomic_int done;

static void *worker(void *arg) {
  pthread_cond_signal(&c); // @SIGNAL
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) {
  }
  pthread_cond_destroy(&c); // @DESTROY
  pthread_join(t, 0);
  return 0;
}
