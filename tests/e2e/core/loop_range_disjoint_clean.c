// Core: ranges of coalesced loops (rule (f), at -O2) cover exactly the bytes the loops
// touched, so threads working on neighbouring bytes are not reported. Two threads fill the
// two halves of `halves`, split at an odd index (the boundary falls inside an 8-byte
// granule); two threads write the `x` and the `y` fields of all elements of `pairs` (every
// other int: a range over the whole array would cover the other thread's field, so these
// loops must keep their per-access checks). No race.
// RACELIGHT-EXPECT: none
#include <pthread.h>

#define N 1001
int halves[2 * N];
struct pair { int x, y; } pairs[N];

__attribute__((noinline)) void fill(int *p, int n, int v) {
  for (int i = 0; i < n; i++)
    p[i] = v + i;
}

__attribute__((noinline)) void set_x(int v) {
  for (int i = 0; i < N; i++)
    pairs[i].x = v;
}

__attribute__((noinline)) void set_y(int v) {
  for (int i = 0; i < N; i++)
    pairs[i].y = v;
}

static void *first(void *arg) {
  fill(halves, N, 0);
  set_x(1);
  return arg;
}

static void *second(void *arg) {
  fill(halves + N, N, N);
  set_y(2);
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, first, 0);
  pthread_create(&b, 0, second, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  for (int i = 0; i < 2 * N; i++)
    if (halves[i] != i)
      return 1;
  return pairs[N - 1].x == 1 && pairs[0].y == 2 ? 0 : 1;
}
