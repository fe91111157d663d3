// OpenMP (racy): the consumer task declares its dependence on the wrong variable, so it is
// not ordered after the producer of the value it reads (one thread runs both, in order).
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=value
#include <omp.h>
#include <stdio.h>
int value, other;
int main(void) {
  omp_set_dynamic(0);
  int seen = 0;
#pragma omp parallel num_threads(1)
#pragma omp single
  {
#pragma omp task depend(out : value)
    value = 42; // @W
#pragma omp task depend(in : other) shared(seen)
    seen = value; // @R
#pragma omp taskwait
  }
  printf("%d\n", seen);
  return 0;
}
