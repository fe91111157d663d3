// OpenMP (clean): `atomic` update, capture and read/write of shared counters.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int counter, last;
double total;
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel for num_threads(4)
  for (int i = 0; i < 400; i++) {
#pragma omp atomic
    counter++;
#pragma omp atomic
    total += 0.5;
    int seen;
#pragma omp atomic capture
    seen = last++;
    (void)seen;
  }
  int c;
#pragma omp atomic read
  c = counter;
  printf("%d %f %d\n", c, total, last);
  return c != 400 || total != 200.0 || last != 400;
}
