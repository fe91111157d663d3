// Core: std::thread start and join order accesses. A first thread writes a global; main
// reads it after join(); a second thread, started afterwards, reads and writes it; main reads
// it again after that join. Every pair is ordered by thread creation or join: no report.
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <thread>

int value = 0;

int main() {
  std::thread first([] { value = 10; });
  first.join();
  int seen = value;
  std::thread second([] { value = value * 2; });
  second.join();
  std::printf("%d %d\n", seen, value);
  return value == 20 ? 0 : 1;
}
