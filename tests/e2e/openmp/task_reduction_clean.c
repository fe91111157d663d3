// OpenMP (clean): task reductions: a taskloop with reduction and a taskgroup with
// task_reduction whose tasks use in_reduction. libomp gives each thread a private copy that
// every task it runs updates (one after the other), and combines the copies at the end of
// the taskgroup, after the tasks, on the thread that ends it.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int main(void) {
  omp_set_dynamic(0);
  long sum = 0, sum2 = 0;
#pragma omp parallel num_threads(2)
#pragma omp single
  {
#pragma omp taskloop reduction(+ : sum) grainsize(4)
    for (int i = 0; i < 1000; i++) sum += i;
#pragma omp taskgroup task_reduction(+ : sum2)
    {
      for (int k = 0; k < 50; k++) {
#pragma omp task in_reduction(+ : sum2)
        sum2 += k;
      }
    }
  }
  printf("%ld %ld\n", sum, sum2);
  return sum != 499500 || sum2 != 1225;
}
