// Sync (clean): a function-local static with a non-trivial constructor, first used by eight
// threads at once. C++11 guarantees thread-safe initialization (__cxa_guard_acquire/release
// and the acquire load of the guard in the inline fast path): every thread reads the fields
// the constructor wrote, without a report.
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <thread>
#include <vector>

struct Registry {
  explicit Registry(int n) : size(n) {
    for (int i = 0; i < 32; ++i) slots[i] = i * n;
    ++constructions;
  }
  int size;
  int slots[32];
  static int constructions;
};
int Registry::constructions = 0;

Registry &Instance() {
  static Registry registry(3);
  return registry;
}

int main() {
  std::vector<std::thread> ts;
  long sums[8] = {};
  for (int t = 0; t < 8; ++t) {
    ts.emplace_back([t, &sums] {
      Registry &r = Instance();
      long s = r.size;
      for (int v : r.slots) s += v;
      sums[t] = s;
    });
  }
  for (auto &t : ts) t.join();
  std::printf("constructions = %d, sum = %ld\n", Registry::constructions, sums[0]);
  return Registry::constructions == 1 && sums[5] == 1491 ? 0 : 1;
}
