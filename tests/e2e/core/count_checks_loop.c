// Core: -racelight-count-checks. Two threads each run a loop of 500 iterations whose read
// and write are coalesced by rule (f) into one read range and one write range: the counts
// printed at exit, summed over the threads, are 2000 accesses removed by (f) and 4 range
// checks, with no check of a last, partial iteration (the loop has no early exit).
// RACELIGHT-FLAGS: -mllvm -racelight-count-checks
// RACELIGHT-ONLY: O2
// RACELIGHT-EXPECT: none
// RACELIGHT-OUTPUT: racelight:   removed.f.loop_coalesced 2000
// RACELIGHT-OUTPUT: racelight:   executed.loop_range_checks 4
// RACELIGHT-OUTPUT: racelight:   executed.loop_last_iteration_checks 0
#include <pthread.h>

enum { N = 1000 };
int in[N], out[N];

__attribute__((noinline)) static void scale(int *dst, const int *src, int n) {
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (int i = 0; i < n; i++)
    dst[i] = src[i] * 3 + 1;
}

static void *worker(void *arg) {
  int half = (int)(long)arg;
  scale(out + half * (N / 2), in + half * (N / 2), N / 2);
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (long k = 0; k < 2; k++) pthread_create(&t[k], 0, worker, (void *)k);
  for (int k = 0; k < 2; k++) pthread_join(t[k], 0);
  return out[N - 1] != 1;
}
