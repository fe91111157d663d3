// OpenMP (racy): a sum accumulated in a parallel loop without the reduction clause.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@S,@S var=sum
#include <omp.h>
#include <stdio.h>
double a[1000];
double sum;
int main(void) {
  omp_set_dynamic(0);
  for (int i = 0; i < 1000; i++) a[i] = i;
#pragma omp parallel for num_threads(2)
  for (int i = 0; i < 1000; i++)
    sum += a[i]; // @S
  printf("%f\n", sum);
  return 0;
}
