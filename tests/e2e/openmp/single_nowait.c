// OpenMP (racy): `single nowait` initializes a shared value that the other threads read
// right away: nowait removes the barrier that would have published it.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=config
#include <omp.h>
#include <stdio.h>
int config;
int main(void) {
  omp_set_dynamic(0);
  int sum = 0;
#pragma omp parallel num_threads(2) reduction(+ : sum)
  {
#pragma omp single nowait
    config = 42; // @W
    sum += config; // @R
  }
  printf("%d\n", sum);
  return 0;
}
