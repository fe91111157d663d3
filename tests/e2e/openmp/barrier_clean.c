// OpenMP (clean): each thread writes its own element, an explicit barrier, then each reads
// its neighbour's; then a second phase in the other direction, after a second barrier (the
// model's two alternating barrier clocks), and a third.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int v[4], w[4];
int main(void) {
  omp_set_dynamic(0);
  int bad = 0;
#pragma omp parallel num_threads(4) reduction(+ : bad)
  {
    int me = omp_get_thread_num(), n = omp_get_num_threads();
    v[me] = me + 1;
#pragma omp barrier
    w[me] = v[(me + 1) % n] * 2;
#pragma omp barrier
    v[me] = w[(me + n - 1) % n];
#pragma omp barrier
    bad += v[(me + 2) % n] != 2 * ((me + 2) % n + 1);
  }
  printf("bad %d\n", bad);
  return bad;
}
