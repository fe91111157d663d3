// OpenMP (racy): one shared counter updated under two critical sections of different
// names, which do not exclude each other.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@A,@B var=counter
#include <omp.h>
#include <stdio.h>
int counter;
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel num_threads(2)
  {
    if (omp_get_thread_num() == 0) {
#pragma omp critical(left)
      counter += 1; // @A
    } else {
#pragma omp critical(right)
      counter += 2; // @B
    }
  }
  printf("%d\n", counter);
  return 0;
}
