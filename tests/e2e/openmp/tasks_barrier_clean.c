// OpenMP (clean): every thread creates tasks without waiting for them; the explicit barrier
// waits for all the team's tasks (whichever thread runs them, often in the barrier), so
// after it every thread reads every result; a second round reuses the slots.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int out[4][64];
int main(void) {
  omp_set_dynamic(0);
  int bad = 0;
#pragma omp parallel num_threads(4) reduction(+ : bad)
  {
    int me = omp_get_thread_num();
    for (int round = 1; round <= 2; round++) {
      for (int k = 0; k < 64; k++) {
#pragma omp task firstprivate(me, k, round)
        out[me][k] = round * (me * 64 + k);
      }
#pragma omp barrier
      for (int t = 0; t < 4; t++)
        for (int k = 0; k < 64; k++) bad += out[t][k] != round * (t * 64 + k);
#pragma omp barrier
    }
  }
  printf("bad %d\n", bad);
  return bad;
}
