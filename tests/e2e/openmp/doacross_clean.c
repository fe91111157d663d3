// OpenMP (clean): a doacross loop (ordered(1) with depend(sink)/depend(source)): each
// iteration waits for the previous one's source before reading what it wrote. Two threads
// take alternate iterations (schedule(static, 1)), so every wait crosses threads.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int a[64];
int main(void) {
  omp_set_dynamic(0);
  a[0] = 1;
#pragma omp parallel for ordered(1) schedule(static, 1) num_threads(2)
  for (int i = 1; i < 64; i++) {
#pragma omp ordered depend(sink : i - 1)
    a[i] = a[i - 1] + 1;
#pragma omp ordered depend(source)
  }
  printf("%d\n", a[63]);
  return a[63] != 64;
}
