// OpenMP (racy): `taskwait depend(in : x)` does not wait for the task that writes y, so
// reading y after it races with that task.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=y
#include <omp.h>
#include <stdio.h>
int x, y;
int main(void) {
  omp_set_dynamic(0);
  int seen = 0;
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp task depend(out : x)
    x = 42;
#pragma omp task depend(out : y)
    y = 1; // @W
#pragma omp taskwait depend(in : x)
    seen = x + y; // @R
#pragma omp taskwait
  }
  printf("%d\n", seen);
  return 0;
}
