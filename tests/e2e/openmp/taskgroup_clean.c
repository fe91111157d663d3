// OpenMP (clean): a taskgroup waits for its tasks and their descendants (a task that
// creates a grandchild and does not wait for it); the results are read after it.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int child, grandchild;
int main(void) {
  omp_set_dynamic(0);
  int sum = 0;
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp taskgroup
    {
#pragma omp task
      {
        child = 1;
#pragma omp task
        grandchild = 2;
      }
    }
    sum = child + grandchild;
  }
  printf("%d\n", sum);
  return sum != 3;
}
