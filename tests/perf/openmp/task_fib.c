// Task-heavy OpenMP benchmark (race-free): naive Fibonacci with a task per call above a
// cutoff, plus rounds of many small sibling tasks with dependences. Nearly all the detector's
// work is task creation, switching and completion (vector clock copies and joins), not
// memory accesses. Prints a checksum that must not depend on the thread interleaving.
//   racelight-cc -fopenmp -O2 -g task_fib.c -o task_fib && OMP_NUM_THREADS=2 ./task_fib [N]
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

static long fib(int n) {
  if (n < 2) return n;
  long a, b;
#pragma omp task shared(a) if (n > 12)
  a = fib(n - 1);
#pragma omp task shared(b) if (n > 12)
  b = fib(n - 2);
#pragma omp taskwait
  return a + b;
}

static long cells[256];

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 27;
  long f = 0, sum = 0;
#pragma omp parallel
#pragma omp single
  {
    f = fib(n);
    for (int round = 0; round < 200; round++) {
      for (int i = 0; i < 256; i++) {
#pragma omp task depend(inout : cells[i]) firstprivate(i, round)
        cells[i] += i ^ round;
      }
    }
#pragma omp taskwait
    for (int i = 0; i < 256; i++) sum += cells[i];
  }
  printf("checksum task_fib %ld %ld\n", f, sum);
  return 0;
}
