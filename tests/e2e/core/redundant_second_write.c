// Core: a racing access whose check the pass leaves out (rule (e), redundant checks). The
// worker writes `shared` twice with no synchronization in between, so the second write is
// not instrumented: the first one's check covers the same bytes in the same epoch. Main
// reads `shared` concurrently. The race is still found, named at the first write's line
// (the record the runtime keeps for both writes, with or without the rule).
// RACELIGHT-EXPECT: data-race lines=@W1,@R var=shared vartype=global
#include <pthread.h>

int shared;

// Not static and not inlined: the compiler cannot tell what `p` points to, so `*p` may read
// `shared` and both writes stay at -O2 as well.
__attribute__((noinline)) void update(const int *p) {
  shared = 1; // @W1
  int t = *p;
  shared = t + 2; // @W2
}

static void *worker(void *arg) {
  int mine = 5;
  update(&mine);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  int seen = shared; // @R
  pthread_join(t, 0);
  // `seen` is used, so the read stays at -O2.
  return (seen == 0 || seen == 1 || seen == 7) && shared == 7 ? 0 : 1;
}
