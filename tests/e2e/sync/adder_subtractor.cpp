// Sync (racy): the tutorial's adder and subtractor. One thread does
// `variable = variable + 10`, the other `variable = variable - 10`, 1000 times each, without
// synchronization: one data race between the two lines on 'variable'.
// RACELIGHT-EXPECT: data-race lines=@ADD,@SUB var=variable vartype=global
#include <cstdio>
#include <thread>

int variable = 0;

void adder() {
  for (int i = 0; i < 1000; ++i) {
    variable = variable + 10; // @ADD
  }
}

void subtractor() {
  for (int i = 0; i < 1000; ++i) {
    variable = variable - 10; // @SUB
  }
}

int main() {
  std::thread a(adder);
  std::thread s(subtractor);
  a.join();
  s.join();
  std::printf("variable = %d\n", variable);
  return 0;
}
