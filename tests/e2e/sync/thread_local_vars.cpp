// Sync (clean): thread_local variables (a counter, an array, and a thread_local object with a
// constructor and destructor) updated heavily by each of 8 threads in two waves; per-thread
// totals are published through the joins.
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <thread>
#include <vector>

thread_local long tl_counter;
thread_local int tl_scratch[64];

struct PerThread {
  PerThread() { for (int &v : values) v = 1; }
  ~PerThread() { values[0] = 0; }
  int values[16];
};
thread_local PerThread tl_object;

long totals[8];

void work(int id) {
  for (int i = 0; i < 10000; ++i) {
    tl_counter += 1;
    tl_scratch[i % 64] += i;
    tl_object.values[i % 16] += 1;
  }
  totals[id] = tl_counter + tl_object.values[3];
}

int main() {
  for (int wave = 0; wave < 2; ++wave) {
    std::vector<std::thread> ts;
    for (int i = 0; i < 4; ++i) ts.emplace_back(work, wave * 4 + i);
    for (auto &t : ts) t.join();
  }
  std::printf("totals[0] = %ld, totals[7] = %ld\n", totals[0], totals[7]);
  return totals[7] == 10626 ? 0 : 1;
}
