// OpenMP (racy): two mutexinoutset tasks exclude each other, but a third task updates the
// same variable without any dependence.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@M,@U var=acc
#include <omp.h>
#include <stdio.h>
int acc;
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp task depend(mutexinoutset : acc)
    acc += 1; // @M
#pragma omp task
    acc += 10; // @U
#pragma omp taskwait
  }
  printf("%d\n", acc);
  return 0;
}
