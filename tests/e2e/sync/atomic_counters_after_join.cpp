// Sync (clean): std::atomic counters updated with relaxed fetch_add / fetch_or and a
// std::atomic<double> updated with a relaxed compare_exchange loop by eight threads, plus
// plain per-thread result slots; main reads everything after the joins.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

std::atomic<long> hits{0};
std::atomic<unsigned> flags{0};
std::atomic<double> weight{0.0};
long per_thread[8];

int main() {
  std::vector<std::thread> ts;
  for (int t = 0; t < 8; ++t) {
    ts.emplace_back([t] {
      for (int i = 0; i < 5000; ++i) {
        hits.fetch_add(1, std::memory_order_relaxed);
        flags.fetch_or(1u << t, std::memory_order_relaxed);
        double w = weight.load(std::memory_order_relaxed);
        while (!weight.compare_exchange_weak(w, w + 0.5, std::memory_order_relaxed)) {
        }
      }
      per_thread[t] = hits.load(std::memory_order_relaxed);
    });
  }
  for (auto &t : ts) t.join();
  long plain = 0;
  for (long v : per_thread) plain += v > 0;
  std::printf("hits %ld flags %x weight %g plain %ld\n", hits.load(std::memory_order_relaxed),
              flags.load(), weight.load(), plain);
  return hits == 40000 && flags == 0xff && weight == 20000.0 ? 0 : 1;
}
