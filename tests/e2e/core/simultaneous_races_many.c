// Core (regression): eight races, each made by two threads touching a fresh variable at the
// same instant (they meet at a spinning rendezvous on a relaxed counter, which orders
// nothing). Every one must be reported. Before the shadow update re-checked after
// publishing, both threads could check an empty granule, each store its cell and miss the
// other (sync/sem_post_before_write was missed in most runs).
// RACELIGHT-EXPECT: data-race lines=@W1,@R1 var=v1
// RACELIGHT-EXPECT: data-race lines=@W2,@R2 var=v2
// RACELIGHT-EXPECT: data-race lines=@W3,@R3 var=v3
// RACELIGHT-EXPECT: data-race lines=@W4,@R4 var=v4
// RACELIGHT-EXPECT: data-race lines=@W5,@R5 var=v5
// RACELIGHT-EXPECT: data-race lines=@W6,@R6 var=v6
// RACELIGHT-EXPECT: data-race lines=@W7,@R7 var=v7
// RACELIGHT-EXPECT: data-race lines=@W8,@R8 var=v8
#include <pthread.h>
#include <stdatomic.h>

long v1, v2, v3, v4, v5, v6, v7, v8;
atomic_int arrived;
long sink;

// Both threads return from the k-th call at about the same time (relaxed: no ordering).
static void meet(int k) {
  atomic_fetch_add_explicit(&arrived, 1, memory_order_relaxed);
  while (atomic_load_explicit(&arrived, memory_order_relaxed) < 2 * k) {
  }
}

static void *writer(void *arg) {
  meet(1); v1 = 1; // @W1
  meet(2); v2 = 1; // @W2
  meet(3); v3 = 1; // @W3
  meet(4); v4 = 1; // @W4
  meet(5); v5 = 1; // @W5
  meet(6); v6 = 1; // @W6
  meet(7); v7 = 1; // @W7
  meet(8); v8 = 1; // @W8
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  long sum = 0;
  meet(1); sum += v1; // @R1
  meet(2); sum += v2; // @R2
  meet(3); sum += v3; // @R3
  meet(4); sum += v4; // @R4
  meet(5); sum += v5; // @R5
  meet(6); sum += v6; // @R6
  meet(7); sum += v7; // @R7
  meet(8); sum += v8; // @R8
  pthread_join(t, 0);
  sink = sum;  // keeps the reads (a dead read would be optimized away)
  return 0;
}
