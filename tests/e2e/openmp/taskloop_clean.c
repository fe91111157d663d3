// OpenMP (clean): taskloop over disjoint elements (its implicit taskgroup waits for the
// tasks), then a second taskloop reads neighbours of the first one's results.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int a[200], b[199];
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel num_threads(3)
#pragma omp single
  {
#pragma omp taskloop grainsize(10)
    for (int i = 0; i < 200; i++) a[i] = i;
#pragma omp taskloop num_tasks(7)
    for (int i = 0; i < 199; i++) b[i] = a[i] + a[i + 1];
  }
  int bad = 0;
  for (int i = 0; i < 199; i++) bad += b[i] != 2 * i + 1;
  printf("bad %d\n", bad);
  return bad;
}
