// Sync (clean): C++20 std::barrier with a completion function. Each round, threads write their
// own cell; the completion function (run by one thread while the others wait) reads all cells
// and writes the round's total; after the barrier every thread reads the total.
// RACELIGHT-FLAGS: -std=c++20
// RACELIGHT-EXPECT: none
#include <barrier>
#include <cstdio>
#include <thread>
#include <vector>

constexpr int kThreads = 4;
int cells[kThreads];
long total;
long seen[kThreads];

int main() {
  auto complete = []() noexcept {
    long t = 0;
    for (int c : cells) t += c;
    total = t;
  };
  std::barrier sync_point(kThreads, complete);
  std::vector<std::thread> ts;
  for (int id = 0; id < kThreads; ++id) {
    ts.emplace_back([id, &sync_point] {
      for (int round = 1; round <= 30; ++round) {
        cells[id] = round * (id + 1);
        sync_point.arrive_and_wait();
        seen[id] += total;
        sync_point.arrive_and_wait();
      }
    });
  }
  for (auto &t : ts) t.join();
  std::printf("seen[0] = %ld\n", seen[0]);
  return seen[0] == 4650 ? 0 : 1;
}
