// OpenMP (racy): a loop-carried dependence in a parallel loop: iteration i+1 reads what
// iteration i writes, and with a static schedule over two threads the boundary iterations
// belong to different threads.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@L,@L var=a
// Both accesses name the parallel region and their thread in the team:
// RACELIGHT-OUTPUT: in parallel region at 
// RACELIGHT-OUTPUT: loop_carried.c:@P:1 (thread 1 of 2)
// RACELIGHT-OUTPUT: loop_carried.c:@P:1 (thread 0 of 2)
#include <omp.h>
#include <stdio.h>
int a[101];
int main(void) {
  omp_set_dynamic(0);
#pragma omp parallel for num_threads(2) schedule(static) // @P
  for (int i = 0; i < 100; i++)
    a[i + 1] = a[i] + 1; // @L
  printf("%d\n", a[100]);
  return 0;
}
