// OpenMP (racy): a doacross loop whose sink names the wrong iteration (i - 2 instead of
// i - 1): with two threads taking alternate iterations, each thread only waits for its
// own previous iteration, and nothing orders the write of a[i-1] with its read.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@L,@L var=a
#include <omp.h>
#include <stdio.h>
int a[64];
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel for ordered(1) schedule(static, 1) num_threads(2)
  for (int i = 2; i < 64; i++) {
#pragma omp ordered depend(sink : i - 2)
    a[i] = a[i - 1] + 1; // @L
#pragma omp ordered depend(source)
  }
  printf("%d\n", a[63]);
  return 0;
}
