// Core: early exits of a coalesced loop stay exact (rule (f), loop coalescing, at -O2).
// The worker scans `keys` until it finds 7 (at index 11), copying the keys before it to
// `out`; its reads and writes are checked as ranges when the loop exits, sized by the
// iterations that ran. Main writes, concurrently, keys[11] (the worker read it in its last
// iteration: a race), keys[12] (never read: no race) and out[11] (never written, the loop
// left before its store; it shares a granule with out[10], which was: no race either).
// Exactly one report, at the loop's read line.
// RACELIGHT-EXPECT: data-race lines=@RK,@WK var=keys vartype=global
#include <pthread.h>

int keys[64];
int out[64];

__attribute__((noinline)) int copy_until_seven(int n) {
  int i;
  for (i = 0; i < n; i++) {
    if (keys[i] == 7) // @RK
      break;
    out[i] = keys[i] + 1;
  }
  return i;
}

static void *worker(void *arg) {
  *(int *)arg = copy_until_seven(64);
  return 0;
}

int main(void) {
  for (int i = 0; i < 64; i++)
    keys[i] = i == 11 ? 7 : 100 + i;
  int found = -1;
  pthread_t t;
  pthread_create(&t, 0, worker, &found);
  keys[11] = 7;  // @WK
  keys[12] = 5;
  out[11] = 42;
  pthread_join(t, 0);
  return found == 11 && out[10] == 111 && out[11] == 42 ? 0 : 1;
}
