// OpenMP (racy): like barrier_clean.c with the barrier left out: a thread reads its
// neighbour's element while the neighbour may still be writing it.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=v
#include <omp.h>
#include <stdio.h>
int v[4], w[4];
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel num_threads(4)
  {
    int me = omp_get_thread_num(), n = omp_get_num_threads();
    v[me] = me + 1; // @W
    w[me] = v[(me + 1) % n] * 2; // @R
  }
  printf("%d\n", w[0]);
  return 0;
}
