// OpenMP (clean): three parallel-for regions update a shared array, each iteration owned by
// one thread; libomp reuses its worker threads across the regions (no thread creation or
// join orders them), so only the modelled fork and join of each region make this clean.
// The master then reads every element after the last region.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int a[256];
int main(void) {
  omp_set_dynamic(0);
  for (int r = 0; r < 3; r++) {
#pragma omp parallel for num_threads(4) schedule(dynamic, 7)
    for (int i = 0; i < 256; i++) a[i] += i;
  }
  long sum = 0;
  for (int i = 0; i < 256; i++) sum += a[i];
  printf("sum %ld\n", sum);
  return sum != 3L * 255 * 256 / 2;
}
