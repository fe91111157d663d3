// OpenMP (racy): the temporary `tmp` is declared outside the parallel loop and not made
// private, so every thread writes and reads the one shared copy (DataRaceBench's classic).
// One report: each thread's read follows its own write in the same epoch, so the writes
// conflict first (the read adds nothing the write did not).
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@W var=tmp
#include <omp.h>
#include <stdio.h>
int a[100], b[100];
int tmp;
int main(void) {
  omp_set_dynamic(0);
  for (int i = 0; i < 100; i++) a[i] = i;
#pragma omp parallel for num_threads(2) schedule(static)
  for (int i = 0; i < 100; i++) {
    tmp = a[i] + 1; // @W
    b[i] = tmp;
  }
  printf("%d\n", b[99]);
  return 0;
}
