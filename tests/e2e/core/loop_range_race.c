// Core: a racing loop whose checks the pass coalesces (rule (f), loop coalescing, at -O2):
// the worker fills an array in a loop with no call, atomic or fence, so its stores are
// checked as one write range when the loop exits. Main reads the array's last element
// concurrently: the range must reach the last iteration. The race is named at the loop's
// store line (the range's site), as without the rule.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=table vartype=global
#include <pthread.h>

int table[1000];

// noinline: the loop stays a loop of its own, with a call-free body.
__attribute__((noinline)) void fill(int n) {
  for (int i = 0; i < n; i++)
    table[i] = i * 3; // @W
}

static void *worker(void *arg) {
  fill(1000);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  int seen = table[999]; // @R
  pthread_join(t, 0);
  return (seen == 0 || seen == 2997) && table[998] == 2994 ? 0 : 1;
}
