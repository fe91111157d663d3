// Sync (clean): several threads wait on copies of one std::shared_future; the thread that
// sets the promise wrote a plain configuration table first, which all waiters then read.
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <future>
#include <thread>
#include <vector>

int table[32];
long sums[6];

int main() {
  std::promise<int> ready;
  std::shared_future<int> go = ready.get_future().share();
  std::vector<std::thread> readers;
  for (int t = 0; t < 6; ++t) {
    readers.emplace_back([go, t] {
      int scale = go.get();
      long s = 0;
      for (int v : table) s += v * scale;
      sums[t] = s;
    });
  }
  std::thread setter([&ready] {
    for (int i = 0; i < 32; ++i) table[i] = i;
    ready.set_value(2);
  });
  setter.join();
  for (auto &r : readers) r.join();
  std::printf("%ld %ld\n", sums[0], sums[5]);
  return sums[0] == 992 ? 0 : 1;
}
