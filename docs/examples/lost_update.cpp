// The tutorials' lost update: 100 threads each add 1 to a shared counter 1000 times.
// `counter += 1` is a read, an add and a write; without a lock, updates are lost.
// Racelight reports one data race at the `counter += 1` line and exits with status 66.
#include <cstdio>
#include <thread>
#include <vector>

int counter = 0;

void increment(int n) {
  for (int i = 0; i < n; ++i)
    counter += 1;
}

int main() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 100; ++i) threads.emplace_back(increment, 1000);
  for (auto &t : threads) t.join();
  std::printf("counter is %d (expected %d)\n", counter, 100 * 1000);
}
