// OpenMP (racy): the reader's section starts one element after the writer's, so the
// dependences name different storage and order nothing, but the reader also reads a[3].
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=a
#include <omp.h>
#include <stdio.h>
int a[8];
int main(void) {
  omp_set_dynamic(0);
  int s = 0;
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp task depend(out : a[0:4])
    for (int i = 0; i < 4; i++) a[i] = i + 1; // @W
#pragma omp task depend(in : a[4:4]) shared(s)
    for (int i = 3; i < 8; i++) s += a[i]; // @R
#pragma omp taskwait
  }
  printf("%d\n", s);
  return 0;
}
