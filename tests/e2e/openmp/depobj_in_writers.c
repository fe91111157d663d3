// OpenMP (racy): two tasks write x, both through a depend object of type in: in
// dependences do not order tasks among themselves.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@A,@B var=x
#include <omp.h>
#include <stdio.h>
int x;
int main(void) {
  omp_set_dynamic(0);
  omp_depend_t o;
#pragma omp depobj(o) depend(in : x)
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp task depend(depobj : o)
    x = 1; // @A
#pragma omp task depend(depobj : o)
    x = 2; // @B
#pragma omp taskwait
  }
#pragma omp depobj(o) destroy
  printf("%d\n", x);
  return 0;
}
