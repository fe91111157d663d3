// OpenMP (clean): a pipeline of tasks ordered by dependences: out -> in, in (two readers
// in parallel) -> inout -> mutexinoutset pair -> in, on several threads.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int x, r1, r2, y;
int main(void) {
  omp_set_dynamic(0);
  int seen = 0;
#pragma omp parallel num_threads(3)
#pragma omp single
  {
#pragma omp task depend(out : x)
    x = 1;
#pragma omp task depend(in : x)
    r1 = x + 1;
#pragma omp task depend(in : x)
    r2 = x + 2;
#pragma omp task depend(inout : x)
    x = x + r1 * 0;
#pragma omp task depend(mutexinoutset : x)
    x += 10;
#pragma omp task depend(mutexinoutset : x)
    x += 100;
#pragma omp task depend(in : x) depend(out : y)
    y = x;
#pragma omp task depend(in : y)
    seen = y;
#pragma omp taskwait
  }
  printf("%d %d %d\n", seen, r1, r2);
  return seen != 111 || r1 != 2 || r2 != 3;
}
