// Sync (clean): C++20 std::latch. Main prepares input and opens a start latch; workers wait
// on it, write their results and count down a done latch that main waits on before reading
// the results (the threads are joined only at the end).
// RACELIGHT-FLAGS: -std=c++20
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <latch>
#include <thread>
#include <vector>

constexpr int kWorkers = 6;
int input[kWorkers];
long output[kWorkers];

int main() {
  std::latch start(1), done(kWorkers);
  std::vector<std::thread> ts;
  for (int i = 0; i < kWorkers; ++i) {
    ts.emplace_back([i, &start, &done] {
      start.wait();
      output[i] = static_cast<long>(input[i]) * input[i];
      done.count_down();
    });
  }
  for (int i = 0; i < kWorkers; ++i) input[i] = i + 1;
  start.count_down();
  done.wait();
  long sum = 0;
  for (long v : output) sum += v;
  std::printf("sum = %ld\n", sum);
  for (auto &t : ts) t.join();
  return sum == 91 ? 0 : 1;
}
