// Threads at exit (racy): main returns while a worker still runs; only once the process
// exits (the program's atexit handler releases it), and 200 ms later, does the worker write
// `x`, which main wrote with nothing ordering the two. Racelight waits at exit for running
// threads (atexit_wait_ms, 1000 ms by default, like ThreadSanitizer's atexit_sleep_ms), so
// the race is found, and says that a thread was still running at exit.
// RACELIGHT-EXPECT: data-race lines=@MAIN,@WORKER var=x vartype=global
// RACELIGHT-OUTPUT: a thread was still running at exit (thread T1)
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

int x;
atomic_int go;

static void *worker(void *arg) {
  while (!atomic_load_explicit(&go, memory_order_relaxed)) {
  }
  usleep(200 * 1000);  // still running when the runtime's exit handler looks
  x = 2; // @WORKER
  return arg;
}

static void release_worker(void) { atomic_store_explicit(&go, 1, memory_order_relaxed); }

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  x = 1; // @MAIN
  atexit(release_worker);
  return 0;
}
