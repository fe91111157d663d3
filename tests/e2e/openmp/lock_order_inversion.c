// OpenMP (lock-order inversion): thread 0 takes omp lock A then B; after a barrier (so the
// run never deadlocks), thread 1 takes B then A. omp locks feed the lock-order graph like
// pthread mutexes.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: lock-order-inversion lines=@T0_A,@T0_B,@T1_B,@T1_A
#include <omp.h>
#include <stdio.h>
omp_lock_t a, b;
int balance_a = 100, balance_b = 100;
int main(void) {
  omp_set_dynamic(0);
  omp_init_lock(&a);
  omp_init_lock(&b);
#pragma omp parallel num_threads(2)
  {
    if (omp_get_thread_num() == 0) {
      omp_set_lock(&a); // @T0_A
      omp_set_lock(&b); // @T0_B
      balance_a -= 10;
      balance_b += 10;
      omp_unset_lock(&b);
      omp_unset_lock(&a);
    }
#pragma omp barrier
    if (omp_get_thread_num() == 1) {
      omp_set_lock(&b); // @T1_B
      omp_set_lock(&a); // @T1_A
      balance_b -= 10;
      balance_a += 10;
      omp_unset_lock(&a);
      omp_unset_lock(&b);
    }
  }
  printf("%d %d\n", balance_a, balance_b);
  return balance_a + balance_b != 200;
}
