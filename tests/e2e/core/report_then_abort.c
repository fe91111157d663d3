// Core: the program reports a race and then dies with abort(). The report must already be in
// the report file, and the process must die of SIGABRT (the runtime does not turn the crash
// into a normal exit).
// RACELIGHT-EXPECT: exit=signal:SIGABRT
// RACELIGHT-EXPECT: data-race lines=@W,@R var=shared
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

int shared;
atomic_int done;

static void *worker(void *arg) {
  (void)arg;
  shared = 42; // @W
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) sched_yield();
  int seen = shared; // @R
  if (seen == 42) abort();
  return 0;
}
