// OpenMP (racy): in a parallel region with if(0) (a team of one thread) a deferrable task
// is read by its creator without taskwait: another run, or another OpenMP implementation,
// may defer the task. Reported although libomp ran it at once.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=x
#include <omp.h>
#include <stdio.h>
int x;
int main(void) {
  int seen = 0;
#pragma omp parallel if (0)
  {
#pragma omp task
    x = 1; // @W
    seen = x; // @R
  }
  printf("%d\n", seen);
  return 0;
}
