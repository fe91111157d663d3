// OpenMP (clean): a shared counter and a shared list updated inside named and unnamed
// critical sections by four threads.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int counter, hist[8], nhist;
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel for num_threads(4)
  for (int i = 0; i < 200; i++) {
#pragma omp critical
    counter++;
#pragma omp critical(hist)
    {
      hist[i % 8]++;
      nhist++;
    }
  }
  printf("%d %d\n", counter, nhist);
  return counter != 200 || nhist != 200;
}
