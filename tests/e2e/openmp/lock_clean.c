// OpenMP (clean): omp_set_lock / omp_unset_lock and omp_test_lock protect a shared
// counter; a nested lock protects a second one.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
omp_lock_t lock;
omp_nest_lock_t nest;
int counter, nested;
static void add_nested(int depth) {
  omp_set_nest_lock(&nest);
  if (depth) add_nested(depth - 1);
  else nested++;
  omp_unset_nest_lock(&nest);
}
int main(void) {
  omp_set_dynamic(0);
  omp_init_lock(&lock);
  omp_init_nest_lock(&nest);
#pragma omp parallel for num_threads(4)
  for (int i = 0; i < 100; i++) {
    if (i % 2) {
      omp_set_lock(&lock);
    } else {
      while (!omp_test_lock(&lock)) {
      }
    }
    counter++;
    omp_unset_lock(&lock);
    add_nested(2);
  }
  omp_destroy_lock(&lock);
  omp_destroy_nest_lock(&nest);
  printf("%d %d\n", counter, nested);
  return counter != 100 || nested != 100;
}
