// Core: the lost-update program fixed with std::mutex + std::lock_guard. Every access to the
// counter is under the lock: no report, exit 0.
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

int counter = 0;
std::mutex counter_mutex;

void work() {
  for (int i = 0; i < 1000; ++i) {
    std::lock_guard<std::mutex> guard(counter_mutex);
    counter += 1;
  }
}

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i) threads.emplace_back(work);
  for (auto &t : threads) t.join();
  std::printf("counter = %d\n", counter);
  return counter == 100000 ? 0 : 1;
}
