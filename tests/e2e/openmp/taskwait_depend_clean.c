// OpenMP (clean): `taskwait depend(in : x)` waits only for the sibling that writes x; the
// creator then reads x (but not y, whose writer may still run, until the plain taskwait).
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
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
    y = 1;
#pragma omp taskwait depend(in : x)
    seen = x;
#pragma omp taskwait
    seen += y;
  }
  printf("%d\n", seen);
  return seen != 43;
}
