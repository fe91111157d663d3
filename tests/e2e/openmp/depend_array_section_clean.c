// OpenMP (clean): dependences on array sections: the writer of a[0:8] and its readers
// name the same section, the second half is independent (b[8:8]); on two threads.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int a[16], s1, s2;
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp task depend(out : a[0:8])
    for (int i = 0; i < 8; i++) a[i] = i;
#pragma omp task depend(out : a[8:8])
    for (int i = 8; i < 16; i++) a[i] = i;
#pragma omp task depend(in : a[0:8])
    for (int i = 0; i < 8; i++) s1 += a[i];
#pragma omp task depend(inout : a[8:8])
    for (int i = 8; i < 16; i++) s2 += a[i]++;
#pragma omp taskwait
  }
  printf("%d %d\n", s1, s2);
  return s1 != 28 || s2 != 92;
}
