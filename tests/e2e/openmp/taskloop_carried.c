// OpenMP (racy): a loop-carried dependence in a taskloop: the tasks (chunks of 10
// iterations) read the element the previous chunk writes.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@L,@L var=a
#include <omp.h>
#include <stdio.h>
int a[101];
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel num_threads(2)
#pragma omp single
#pragma omp taskloop grainsize(10)
  for (int i = 0; i < 100; i++)
    a[i + 1] = a[i] + 1; // @L
  printf("%d\n", a[100]);
  return 0;
}
