// OpenMP (racy): `master` has no implicit barrier: the other threads read what the master
// writes with nothing ordering them.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=ready_value
#include <omp.h>
#include <stdio.h>
int ready_value;
int main(void) {
  omp_set_dynamic(0);
  int sum = 0;
#pragma omp parallel num_threads(2) reduction(+ : sum)
  {
#pragma omp master
    ready_value = 5; // @W
    if (omp_get_thread_num() != 0) sum += ready_value; // @R
  }
  printf("%d\n", sum);
  return 0;
}
