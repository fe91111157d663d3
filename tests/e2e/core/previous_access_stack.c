// Core: the previous access of a race shows its whole stack, not only its line. The writer
// stores `x` three calls deep, and `y` and `z` through one helper called from two
// functions; main reads all three without synchronization (it waits on a relaxed atomic,
// which orders nothing). Each report's previous access must show its own callers: the
// helper's stack differs only in the caller, which the runtime re-interns after every call
// and return.
// RACELIGHT-EXPECT: data-race lines=@STOREX,@READX var=x vartype=global
// RACELIGHT-EXPECT: data-race lines=@STORE,@READY var=y vartype=global
// RACELIGHT-EXPECT: data-race lines=@STORE,@READZ var=z vartype=global
// RACELIGHT-OUTPUT: #1 level2 
// RACELIGHT-OUTPUT: #2 level1 
// RACELIGHT-OUTPUT: #3 writer 
// RACELIGHT-OUTPUT: #1 from_first 
// RACELIGHT-OUTPUT: #1 from_second 
// RACELIGHT-OUTPUT: previous_access_stack.c:@CALL3:
// RACELIGHT-OUTPUT: previous_access_stack.c:@CALL2:
// RACELIGHT-OUTPUT: previous_access_stack.c:@CALL1:
// RACELIGHT-OUTPUT: previous_access_stack.c:@CALLFIRST:
// RACELIGHT-OUTPUT: previous_access_stack.c:@CALLSECOND:
#include <pthread.h>
#include <stdatomic.h>

volatile int x, y, z;
atomic_int written;

__attribute__((noinline)) static void level3(void) { x = 1; } // @STOREX
__attribute__((noinline)) static void level2(void) { level3(); } // @CALL3
__attribute__((noinline)) static void level1(void) { level2(); } // @CALL2
__attribute__((noinline)) static void store(volatile int *p) { *p = 2; } // @STORE
__attribute__((noinline)) static void from_first(void) { store(&y); } // @CALLFIRST
__attribute__((noinline)) static void from_second(void) { store(&z); } // @CALLSECOND

static void *writer(void *arg) {
  level1(); // @CALL1
  from_first();
  from_second();
  atomic_store_explicit(&written, 1, memory_order_relaxed);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  while (!atomic_load_explicit(&written, memory_order_relaxed)) {
  }
  int a = x; // @READX
  int b = y; // @READY
  int c = z; // @READZ
  pthread_join(t, 0);
  return (a + b + c) * 0;
}
