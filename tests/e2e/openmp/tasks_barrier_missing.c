// OpenMP (racy): like tasks_barrier_clean.c without the barrier between the tasks and the
// reads: a thread reads results of tasks of the other threads that may still be running.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=out
#include <omp.h>
#include <stdio.h>
int out[2][64];
int main(void) {
  omp_set_dynamic(0);
  int sum = 0;
#pragma omp parallel num_threads(2) reduction(+ : sum)
  {
    int me = omp_get_thread_num();
    for (int k = 0; k < 64; k++) {
#pragma omp task firstprivate(me, k)
      out[me][k] = me * 64 + k; // @W
    }
    for (int k = 0; k < 64; k++) sum += out[1 - me][k]; // @R
  }
  printf("%d\n", sum);
  return 0;
}
