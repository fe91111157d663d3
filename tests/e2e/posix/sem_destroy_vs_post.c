// POSIX sync-object memory (racy): a worker posts a semaphore; main destroys it without
// waiting on it (a relaxed flag orders nothing), so the destroy can overlap the post.
// Destroying writes the semaphore's memory, posting reads it.
// RACELIGHT-EXPECT: data-race lines=@POST,@DESTROY var=s vartype=global
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>

sem_t s;
atomic_int done;

static void *worker(void *arg) {
  sem_post(&s); // @POST
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return arg;
}

int main(void) {
  sem_init(&s, 0, 0);
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) {
  }
  sem_destroy(&s); // @DESTROY
  pthread_join(t, 0);
  return 0;
}
