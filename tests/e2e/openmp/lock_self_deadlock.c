// OpenMP (deadlock): a thread sets an omp lock it already holds (a plain omp_lock_t is not
// nestable): reported before it blocks, and the process ends with status 66 instead of
// hanging.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: deadlock subkind=self lines=@FIRST,@AGAIN
// RACELIGHT-TIMEOUT: 10
#include <omp.h>
#include <stdio.h>
omp_lock_t lock;
int main(void) {
  omp_init_lock(&lock);
  omp_set_lock(&lock); // @FIRST
  printf("locked once\n");
  fflush(stdout);
  omp_set_lock(&lock); // @AGAIN
  printf("never reached\n");
  return 0;
}
