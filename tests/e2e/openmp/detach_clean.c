// OpenMP (clean): a detached task completes when its body has ended and its event is
// fulfilled; its dependent task is ordered after both: after the body's write of x, and
// after what the fulfilling task (a sibling with no dependence) did before omp_fulfill_event.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int x, y, z;
int main(void) {
  omp_set_dynamic(0);
  for (int round = 0; round < 20; round++) {
    omp_event_handle_t ev;
#pragma omp parallel num_threads(2)
#pragma omp single
    {
#pragma omp task depend(out : x) detach(ev)
      x = round;
#pragma omp task
      {
        y = round * 2;
        omp_fulfill_event(ev);
      }
#pragma omp task depend(in : x)
      z = x + y;
#pragma omp taskwait
    }
    if (z != round * 3) return 1;
  }
  printf("%d\n", z);
  return 0;
}
