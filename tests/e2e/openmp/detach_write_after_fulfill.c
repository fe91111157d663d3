// OpenMP (racy): the fulfilling task writes y after omp_fulfill_event: the task that depends
// on the detached one is ordered after the fulfillment, not after what comes next.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@W,@R var=y
// The report names the tasks (where each was created) and their parallel region:
// RACELIGHT-OUTPUT: in task created at 
// RACELIGHT-OUTPUT: detach_write_after_fulfill.c:@F:1 (parallel region at 
// RACELIGHT-OUTPUT: detach_write_after_fulfill.c:@C:1 (parallel region at 
// RACELIGHT-OUTPUT: detach_write_after_fulfill.c:@P:1, thread 
#include <omp.h>
#include <stdio.h>
int x, y, z;
int main(void) {
  omp_set_dynamic(0);
  omp_event_handle_t ev;
#pragma omp parallel num_threads(2) // @P
#pragma omp single
  {
#pragma omp task depend(out : x) detach(ev)
    x = 1;
#pragma omp task // @F
    {
      omp_fulfill_event(ev);
      y = 2; // @W
    }
#pragma omp task depend(in : x) // @C
    z = x + y; // @R
#pragma omp taskwait
  }
  printf("%d\n", z);
  return 0;
}
