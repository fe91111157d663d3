// OpenMP (racy): one thread updates the counter with `atomic`, the other with a plain
// increment: an atomic access does not order or excuse a plain one.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@ATOMIC,@PLAIN var=counter
#include <omp.h>
#include <stdio.h>
int counter;
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel num_threads(2)
  {
    if (omp_get_thread_num() == 0) {
#pragma omp atomic
      counter++; // @ATOMIC
    } else {
      counter++; // @PLAIN
    }
  }
  printf("%d\n", counter);
  return 0;
}
