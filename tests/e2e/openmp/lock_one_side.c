// OpenMP (racy): one thread updates the counter under an omp lock, the other without it.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@LOCKED,@BARE var=counter
#include <omp.h>
#include <stdio.h>
omp_lock_t lock;
int counter;
int main(void) {
  omp_set_dynamic(0);
  omp_init_lock(&lock);
#pragma omp parallel num_threads(2)
  {
    if (omp_get_thread_num() == 0) {
      omp_set_lock(&lock);
      counter++; // @LOCKED
      omp_unset_lock(&lock);
    } else {
      counter++; // @BARE
    }
  }
  omp_destroy_lock(&lock);
  printf("%d\n", counter);
  return 0;
}
