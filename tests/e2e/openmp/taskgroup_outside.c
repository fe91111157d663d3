// OpenMP (racy): a task created before the taskgroup is not waited for by it; the value it
// writes is read after the taskgroup.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=early
#include <omp.h>
#include <stdio.h>
int early, inside;
int main(void) {
  omp_set_dynamic(0);
  int sum = 0;
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp task
    early = 1; // @W
#pragma omp taskgroup
    {
#pragma omp task
      inside = 2;
    }
    sum = early + inside; // @R
  }
  printf("%d\n", sum);
  return 0;
}
