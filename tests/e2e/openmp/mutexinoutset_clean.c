// OpenMP (clean): mutexinoutset tasks on one variable exclude each other (any order), and
// a later in task sees all of them; several rounds on two threads.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int acc, seen;
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel num_threads(2)
#pragma omp single
  for (int round = 0; round < 10; round++) {
    for (int k = 1; k <= 4; k++) {
#pragma omp task depend(mutexinoutset : acc) firstprivate(k)
      acc += k;
    }
#pragma omp task depend(in : acc)
    seen = acc;
#pragma omp taskwait
  }
  printf("%d\n", seen);
  return seen != 100;
}
