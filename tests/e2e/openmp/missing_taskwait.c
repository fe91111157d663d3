// OpenMP (racy): the parent reads the result of a child task without taskwait. Reported
// whatever thread runs the task, even the parent's own (one thread here): tasks, not
// threads, are the unit of concurrency.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=result
#include <omp.h>
#include <stdio.h>
int result;
int main(void) {
  omp_set_dynamic(0);
  int seen = 0;
#pragma omp parallel num_threads(1)
  {
#pragma omp task
    result = 42; // @W
    seen = result; // @R
  }
  printf("%d\n", seen);
  return 0;
}
