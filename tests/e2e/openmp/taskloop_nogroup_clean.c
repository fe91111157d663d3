// OpenMP (clean): a taskloop with nogroup followed by taskwait: the tasks of the loop are
// children of the creator, so taskwait orders their writes before the reads.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int squares[64];
int main(void) {
  omp_set_dynamic(0);
  int sum = 0;
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp taskloop nogroup grainsize(16)
    for (int i = 0; i < 64; i++)
      squares[i] = i * i;
#pragma omp taskwait
    for (int i = 0; i < 64; i++) sum += squares[i];
  }
  printf("%d\n", sum);
  return sum != 85344;
}
