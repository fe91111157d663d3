// OpenMP (clean): two nowait loops on independent arrays, then the implicit barrier of a
// third loop, which reads both with shifted indices.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int a[101], b[101], c[100];
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel num_threads(3)
  {
#pragma omp for schedule(static) nowait
    for (int i = 0; i < 101; i++) a[i] = i;
#pragma omp for schedule(dynamic, 3) nowait
    for (int i = 0; i < 101; i++) b[i] = 2 * i;
#pragma omp barrier
#pragma omp for schedule(static)
    for (int i = 0; i < 100; i++) c[i] = a[i + 1] + b[100 - i];
  }
  int bad = 0;
  for (int i = 0; i < 100; i++) bad += c[i] != i + 1 + 2 * (100 - i);
  printf("bad %d\n", bad);
  return bad;
}
