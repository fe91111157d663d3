// OpenMP (racy): the first loop has nowait, and the second reads an element of the first
// loop that another thread writes: with two threads and static schedules, thread 0 reads
// a[50], which thread 1 writes.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=a
#include <omp.h>
#include <stdio.h>
int a[100], b[99];
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel num_threads(2)
  {
#pragma omp for schedule(static) nowait
    for (int i = 0; i < 100; i++) a[i] = i; // @W
#pragma omp for schedule(static)
    for (int i = 0; i < 99; i++) b[i] = a[i + 1]; // @R
  }
  printf("%d\n", b[98]);
  return 0;
}
