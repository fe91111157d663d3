// POSIX sync-object memory (racy): a worker waits on a barrier of count 1 (it opens at
// once); main destroys the barrier with nothing ordering the destroy after the wait.
// Destroying writes the barrier's memory, waiting reads it.
// RACELIGHT-EXPECT: data-race lines=@WAIT,@DESTROY var=b vartype=global
#include <pthread.h>
#include <stdatomic.h>

pthread_barrier_t b;
atomic_int done;

static void *worker(void *arg) {
  pthread_barrier_wait(&b); // @WAIT
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return arg;
}

int main(void) {
  pthread_barrier_init(&b, 0, 1);
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) {
  }
  pthread_barrier_destroy(&b); // @DESTROY
  pthread_join(t, 0);
  return 0;
}
