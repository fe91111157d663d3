// OpenMP (clean): a dependence through a depend object (depobj, inout on x) orders the
// writer before the reader that names x directly.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int x;
int main(void) {
  omp_set_dynamic(0);
  int seen = 0;
  omp_depend_t o;
#pragma omp depobj(o) depend(inout : x)
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp task depend(depobj : o)
    x = 42;
#pragma omp task depend(in : x) shared(seen)
    seen = x;
#pragma omp taskwait
  }
#pragma omp depobj(o) destroy
  printf("%d\n", seen);
  return seen != 42;
}
