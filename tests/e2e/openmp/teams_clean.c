// OpenMP (clean): host teams: what the encountering thread wrote before the teams region is
// ordered before every team's initial task, and each team's result after its end, also when
// the teams' threads are reused by the next teams region. Also a
// target region, which without an offload device runs on the host as plain code.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
int input, partial[4], result;
int main(void) {
  int sum = 0;
  // Several rounds: the threads of the teams are reused, not created again.
  for (int round = 0; round < 4; round++) {
    input = round + 1;
#pragma omp teams num_teams(2)
    partial[omp_get_team_num()] = input + omp_get_team_num();
    sum += partial[0] + partial[1];
  }
  partial[0] = partial[1] = 0;
#pragma omp target map(tofrom : result)
  result = sum * 2;
#pragma omp target teams distribute parallel for num_teams(2) map(tofrom : partial)
  for (int i = 0; i < 4; i++) partial[i] += i;
  printf("%d %d\n", result, partial[3]);
  return result != 48 || partial[3] != 3;
}
