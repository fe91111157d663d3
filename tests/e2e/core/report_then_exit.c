// Core: the program reports a race and then leaves with _exit(0), which skips atexit
// handlers and stdio flushing. The report must already be in the report file (written when
// found). The exit status may be 0 (the runtime lets _exit through) or 66 (it intercepts
// _exit as ThreadSanitizer does); both are accepted.
// The main thread waits for the worker with a relaxed atomic, which orders nothing, so the
// read is unordered with the write but surely happens after it in time.
// RACELIGHT-EXPECT: exit=0,66
// RACELIGHT-EXPECT: data-race lines=@W,@R var=shared
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <unistd.h>

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
  _exit(seen == 42 ? 0 : 1);
}
