// OpenMP (racy): two host teams both update one shared variable: teams are concurrent and
// nothing synchronizes them.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: data-race lines=@U,@U var=total
// Each access names its team:
// RACELIGHT-OUTPUT: in teams region at 
// RACELIGHT-OUTPUT: teams_shared_write.c:@T:1 (team 1 of 2)
// RACELIGHT-OUTPUT: teams_shared_write.c:@T:1 (team 0 of 2)
#include <omp.h>
#include <stdio.h>
int total;
int main(void) {
#pragma omp teams num_teams(2) // @T
  total += 1 + omp_get_team_num(); // @U
  printf("%d\n", total);
  return 0;
}
