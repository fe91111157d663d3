// Sync (clean): std::shared_mutex. Four readers take shared_lock and read a plain array and a
// std::map many times; one writer takes unique_lock and rewrites both. Readers never write.
// RACELIGHT-FLAGS: -std=c++17
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

std::shared_mutex rw;
int table[32];
std::map<int, int> index_map;

int main() {
  std::vector<std::thread> ts;
  long sums[4] = {};
  for (int r = 0; r < 4; ++r) {
    ts.emplace_back([r, &sums] {
      for (int i = 0; i < 300; ++i) {
        std::shared_lock<std::shared_mutex> lock(rw);
        for (int v : table) sums[r] += v;
        auto it = index_map.find(i % 8);
        if (it != index_map.end()) sums[r] += it->second;
      }
    });
  }
  ts.emplace_back([] {
    for (int i = 0; i < 100; ++i) {
      std::unique_lock<std::shared_mutex> lock(rw);
      for (int &v : table) v = i;
      index_map[i % 8] = i;
    }
  });
  for (auto &t : ts) t.join();
  std::printf("%ld %ld\n", sums[0], sums[3]);
  return 0;
}
