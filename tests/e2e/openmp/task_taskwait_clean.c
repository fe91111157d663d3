// OpenMP (clean): a single thread creates tasks that fill disjoint parts of an array and
// writes its result after taskwait; a recursive Fibonacci with taskwait at every level.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int part[8];
static int fib(int n) {
  if (n < 2) return n;
  int x, y;
#pragma omp task shared(x)
  x = fib(n - 1);
#pragma omp task shared(y)
  y = fib(n - 2);
#pragma omp taskwait
  return x + y;
}
int main(void) {
  omp_set_dynamic(0);
  int total = 0, f = 0;
#pragma omp parallel num_threads(3)
#pragma omp single
  {
    for (int t = 0; t < 8; t++) {
#pragma omp task firstprivate(t)
      part[t] = t * 10;
    }
#pragma omp taskwait
    for (int t = 0; t < 8; t++) total += part[t];
    f = fib(12);
  }
  printf("%d %d\n", total, f);
  return total != 280 || f != 144;
}
