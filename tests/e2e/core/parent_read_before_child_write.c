// Core: the parent reads a global right after pthread_create and only THEN (in time) does the
// child write it: the child waits for the parent's read through a relaxed atomic, which orders
// nothing. The parent's read happens after the create in program order, so it is not ordered
// before the child's write: a race the write must detect against the earlier read. (A runtime
// that does not advance the parent's clock after the create's release misses it.)
// RACELIGHT-EXPECT: data-race lines=@R,@W var=answer
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

int answer;
atomic_int parent_has_read;

static void *child(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&parent_has_read, memory_order_relaxed)) sched_yield();
  answer = 42; // @W
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, child, NULL);
  int seen = answer; // @R
  atomic_store_explicit(&parent_has_read, 1, memory_order_relaxed);
  pthread_join(t, NULL);
  printf("seen = %d, answer = %d\n", seen, answer);
  return 0;
}
