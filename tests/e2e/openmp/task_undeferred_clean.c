// OpenMP (clean): an undeferred task (if(0)) and an included task (final) complete before
// their creator continues, so the creator may read what they wrote without taskwait.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int x, y, z;
int main(void) {
  omp_set_dynamic(0);
  int sum = 0;
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp task if (0)
    x = 1;
    sum += x;
#pragma omp task final(1)
    {
      y = 2;
#pragma omp task
      z = 3;
      sum += z;
    }
#pragma omp taskwait
    sum += y;
  }
  printf("%d\n", sum);
  return sum != 6;
}
