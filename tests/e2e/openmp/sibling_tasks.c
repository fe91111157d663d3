// OpenMP (racy): two sibling tasks without dependences both update one variable. Both may
// run at the same time; here one thread runs both one after the other (num_threads(1)), and
// the race is still reported: each task runs in its own clock slot.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@A,@B var=shared_total
#include <omp.h>
#include <stdio.h>
int shared_total;
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel num_threads(1)
  {
#pragma omp task
    shared_total += 1; // @A
#pragma omp task
    shared_total += 2; // @B
#pragma omp taskwait
  }
  printf("%d\n", shared_total);
  return shared_total != 3;
}
