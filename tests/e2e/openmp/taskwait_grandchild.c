// OpenMP (racy): taskwait waits for the children of the current task, not for their
// descendants: the grandchild's write is not ordered before the read after the taskwait
// (taskgroup would wait for it). One thread runs everything.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=deep
#include <omp.h>
#include <stdio.h>
int deep;
int main(void) {
  omp_set_dynamic(0);
  int seen = 0;
#pragma omp parallel num_threads(1)
#pragma omp single
  {
#pragma omp task
    {
#pragma omp task
      deep = 7; // @W
    }
#pragma omp taskwait
    seen = deep; // @R
  }
  printf("%d\n", seen);
  return 0;
}
