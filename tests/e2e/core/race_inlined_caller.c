// Core: the racing write sits in an always_inline helper. Inlined, the helper has no frame at
// run time, but the race's stack must still name the helper's line and then the line that
// called it (the pass gives each site the chain of calls its code was inlined through);
// the caller's line used to vanish from the stack.
// RACELIGHT-EXPECT: data-race lines=@W,@W var=counter vartype=global stack=@W,@CALL,@START
#include <pthread.h>
#include <stdio.h>

int counter;

static inline __attribute__((always_inline)) void bump(int *p) {
  *p += 1; // @W
}

static __attribute__((noinline)) void worker_body(void) {
  bump(&counter); // @CALL
  __asm__ volatile("" ::: "memory"); // no tail call: worker_body keeps its frame
}

static void *worker(void *arg) {
  worker_body(); // @START
  return arg;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, worker, NULL);
  pthread_create(&t2, NULL, worker, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("counter = %d\n", counter);
  return 0;
}
