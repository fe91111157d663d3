// OpenMP (clean): sum and max reductions over a parallel loop, with 3 threads (libomp's
// atomic combination) and 8 (its tree combination inside the barrier), the results read
// after the region.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
double a[1000];
int main(void) {
  omp_set_dynamic(0);
  for (int i = 0; i < 1000; i++) a[i] = i;
  int bad = 0;
  for (int threads = 3; threads <= 8; threads += 5) {
    double sum = 0, max = 0;
#pragma omp parallel for num_threads(threads) reduction(+ : sum) reduction(max : max)
    for (int i = 0; i < 1000; i++) {
      sum += a[i];
      if (a[i] > max) max = a[i];
    }
    bad += sum != 499500.0 || max != 999.0;
  }
  printf("bad %d\n", bad);
  return bad;
}
