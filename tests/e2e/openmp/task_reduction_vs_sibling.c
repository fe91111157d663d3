// OpenMP (racy): a sibling task updates the reduction variable while a taskloop reduces
// into it: the combiner, which writes the variable at the end of the taskloop, is not
// ordered with the sibling (which is not part of the taskloop's taskgroup).
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@U,@C var=sum
#include <omp.h>
#include <stdio.h>
long sum;
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp task
    sum += 1000; // @U
#pragma omp taskloop reduction(+ : sum) grainsize(8) // @C
    for (int i = 0; i < 64; i++) sum += i;
#pragma omp taskwait
  }
  printf("%ld\n", sum);
  return 0;
}
