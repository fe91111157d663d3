// OpenMP (racy): a taskloop with nogroup has no implicit taskgroup: its creator reads the
// results without waiting for the loop's tasks. The report names the taskloop.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=squares
// RACELIGHT-OUTPUT: in taskloop task created at 
// RACELIGHT-OUTPUT: taskloop_nogroup.c:@T:1 (parallel region at 
#include <omp.h>
#include <stdio.h>
int squares[64];
int main(void) {
  omp_set_dynamic(0);
  int sum = 0;
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp taskloop nogroup grainsize(16) // @T
    for (int i = 0; i < 64; i++)
      squares[i] = i * i; // @W
    sum = squares[63]; // @R
#pragma omp taskwait
  }
  printf("%d\n", sum);
  return 0;
}
