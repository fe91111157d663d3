// The tutorials' fix: the same counter, protected by a std::mutex held through a
// lock_guard. Racelight reports nothing and the program exits 0.
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

int counter = 0;
std::mutex lock;

void increment(int n) {
  for (int i = 0; i < n; ++i) {
    std::lock_guard<std::mutex> guard(lock);
    counter += 1;
  }
}

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i) threads.emplace_back(increment, 1000);
  for (auto &t : threads) t.join();
  std::printf("counter is %d\n", counter);
}
