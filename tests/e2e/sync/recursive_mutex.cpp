// Sync (clean): std::recursive_mutex taken again at each level of a recursive function and
// around a helper that locks it too; the counters are only touched while it is held.
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

std::recursive_mutex rm;
long counter;
int depth_hist[6];

void bump() {
  std::lock_guard<std::recursive_mutex> g(rm);
  ++counter;
}

void descend(int depth) {
  std::lock_guard<std::recursive_mutex> g(rm);
  depth_hist[depth]++;
  bump();
  if (depth < 5) descend(depth + 1);
}

int main() {
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([] { for (int i = 0; i < 500; ++i) descend(0); });
  for (auto &t : ts) t.join();
  std::printf("counter = %ld\n", counter);
  return counter == 12000 ? 0 : 1;
}
