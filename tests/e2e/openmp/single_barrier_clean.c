// OpenMP (clean): `single` initializes shared data and its implicit barrier publishes it;
// `master` and `masked filter(1)` write two more values, published by an explicit barrier;
// every thread reads all three.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int config, extra, more;
int main(void) {
  omp_set_dynamic(0);
  int bad = 0;
#pragma omp parallel num_threads(4) reduction(+ : bad)
  {
#pragma omp single
    config = 42;
#pragma omp master
    extra = 7;
#pragma omp masked filter(1)
    more = 9;
#pragma omp barrier
    bad += config != 42 || extra != 7 || more != 9;
  }
  printf("bad %d\n", bad);
  return bad;
}
