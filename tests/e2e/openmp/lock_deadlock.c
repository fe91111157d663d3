// OpenMP (deadlock): two threads take two omp locks in opposite orders, each holding its
// first lock before the other asks for its second (a barrier in between): a real deadlock,
// reported by the watcher, and the process ends with status 66 instead of hanging.
// RACELIGHT-FLAGS: -fopenmp
// At -O2 the two second omp_set_lock calls are merged into one, with no line: only the
// acquisitions that hold are checked there.
// RACELIGHT-EXPECT: deadlock subkind=cycle lines=@T0_A,@T0_B,@T1_B,@T1_A opt=O0
// RACELIGHT-EXPECT: deadlock subkind=cycle lines=@T0_A,@T1_B opt=O2
// RACELIGHT-TIMEOUT: 10
#include <omp.h>
#include <stdio.h>
omp_lock_t a, b;
int main(void) {
  omp_set_dynamic(0);
  omp_init_lock(&a);
  omp_init_lock(&b);
#pragma omp parallel num_threads(2)
  {
    if (omp_get_thread_num() == 0) {
      omp_set_lock(&a); // @T0_A
#pragma omp barrier
      omp_set_lock(&b); // @T0_B
      omp_unset_lock(&b);
      omp_unset_lock(&a);
    } else {
      omp_set_lock(&b); // @T1_B
#pragma omp barrier
      omp_set_lock(&a); // @T1_A
      omp_unset_lock(&a);
      omp_unset_lock(&b);
    }
  }
  printf("never reached\n");
  return 0;
}
