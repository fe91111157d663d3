// OpenMP (clean): an ordered loop appends to a shared array in iteration order inside its
// ordered blocks.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int out[64], n;
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel for ordered num_threads(3) schedule(dynamic, 1)
  for (int i = 0; i < 64; i++) {
    int sq = i * i;
#pragma omp ordered
    out[n++] = sq;
  }
  int bad = n != 64;
  for (int i = 0; i < 64; i++) bad += out[i] != i * i;
  printf("bad %d\n", bad);
  return bad;
}
