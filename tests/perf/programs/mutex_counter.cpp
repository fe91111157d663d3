// (1) The tutorials' counter, done right: 4 threads each add N times to a shared counter
// (and a small shared histogram) under one std::mutex.
//
// Stresses: lock/unlock interception and the happens-before edges a mutex creates, under
// heavy contention; every access to the shared state is made by alternating threads, so a
// detector must carry the clock through the lock on every critical section.
#include <mutex>
#include <thread>
#include <vector>

#include "bench_common.h"

namespace {

constexpr int kThreads = 4;
constexpr int kBuckets = 64;

std::mutex g_mu;
uint64_t g_counter = 0;          // guarded by g_mu
uint64_t g_hist[kBuckets] = {};  // guarded by g_mu

void worker(int id, uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) {
    std::lock_guard<std::mutex> lock(g_mu);
    ++g_counter;
    g_hist[(i + id) % kBuckets] += i;
  }
}

}  // namespace

int main() {
  const uint64_t n = bench::scaled(1000000, 100);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t, n);
  for (auto &th : threads) th.join();

  if (g_counter != n * kThreads) {
    std::printf("counter %llu, expected %llu\n", (unsigned long long)g_counter,
                (unsigned long long)(n * kThreads));
    return 1;
  }
  uint64_t sum = bench::mix(0, g_counter);
  for (int b = 0; b < kBuckets; ++b) sum = bench::mix(sum, g_hist[b]);
  bench::print_checksum("mutex_counter", sum);
  return 0;
}
