// OpenMP (clean): an if(0) task is undeferred also in a team of one thread (a parallel
// region with if(0), or num_threads(1)): its creator continues after it, so it may read what
// the task wrote. libomp marks every task of such a team undeferred; only the if(0) ones are.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int x, y;
int main(void) {
  omp_set_dynamic(0);
  int sum = 0;
#pragma omp parallel if (0)
  {
#pragma omp task if (0)
    x = 1;
    sum += x;
  }
#pragma omp parallel num_threads(1)
  {
#pragma omp task if (0)
    y = 2;
    sum += y;
  }
  printf("%d\n", sum);
  return sum != 3;
}
