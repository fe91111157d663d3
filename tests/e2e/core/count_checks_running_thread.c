// Core: -racelight-count-checks with a thread still running at exit. The thread runs a
// coalesced loop of 250 iterations (500 accesses removed by rule (f)) and then blocks for
// ever; main exits meanwhile: the thread's counters are read where they are, so the totals
// include its 500.
// RACELIGHT-FLAGS: -mllvm -racelight-count-checks
// RACELIGHT-ONLY: O2
// RACELIGHT-EXPECT: none
// RACELIGHT-OUTPUT: racelight:   removed.f.loop_coalesced 500
#include <pthread.h>
#include <semaphore.h>

enum { N = 250 };
int in[N], out[N];
sem_t done, never;

__attribute__((noinline)) static void scale(int *dst, const int *src, int n) {
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (int i = 0; i < n; i++)
    dst[i] = src[i] * 3 + 1;
}

static void *worker(void *arg) {
  scale(out, in, N);
  sem_post(&done);
  sem_wait(&never);  // never posted: still running when main exits
  return arg;
}

int main(void) {
  sem_init(&done, 0, 0);
  sem_init(&never, 0, 0);
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  sem_wait(&done);
  return out[N - 1] != 1;
}
