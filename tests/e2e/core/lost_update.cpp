// Core: the tutorial's lost update, in C++. 100 std::threads each do `counter += 1` 1000
// times on a global int with no synchronization. Racelight must report exactly one data race
// (not one per thread pair or per iteration), located at the increment for both accesses, on
// the global 'counter', and the process must exit with 66. Reading the total after the joins
// is ordered and must not be reported.
// RACELIGHT-EXPECT: data-race lines=@INC,@INC var=counter vartype=global
// RACELIGHT-EXPECT: exit=66
#include <cstdio>
#include <thread>
#include <vector>

int counter = 0;

void work() {
  for (int i = 0; i < 1000; ++i) {
    counter += 1;  // @INC
  }
}

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i) threads.emplace_back(work);
  for (auto &t : threads) t.join();
  std::printf("counter = %d (expected 100000)\n", counter);
  return 0;
}
// The terminal text: the headline at the increment, the source line quoted, the
// SUMMARY line (the same text `racelight report` prints, tests/tools/e2e/same_text.sh).
// RACELIGHT-OUTPUT: lost_update.cpp:@INC:13: data-race: data race on global 'counter' (4 bytes)
// RACELIGHT-OUTPUT: @INC |     counter += 1;
// RACELIGHT-OUTPUT: SUMMARY: racelight: data-race
