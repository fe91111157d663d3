// (3) Read-shared data: the main thread builds a sorted key table and a value table, then
// 4 threads look up pseudo-random keys in them (binary search, then a read of the value)
// and also scan a stripe of the whole table.
//
// Stresses: memory that every thread reads and nobody writes after the threads start.
// In a vector-clock detector this is the "read-shared" state: each location is read by
// several threads concurrently, which must not be reported and should not cost much.
#include <algorithm>
#include <thread>
#include <vector>

#include "bench_common.h"

namespace {

constexpr int kThreads = 4;

struct Table {
  std::vector<uint32_t> keys;    // sorted, distinct
  std::vector<uint32_t> values;  // values[i] belongs to keys[i]
};

uint32_t lcg(uint32_t &state) {
  state = state * 1664525u + 1013904223u;
  return state;
}

void worker(const Table *t, int id, uint64_t lookups, bench::Padded<uint64_t> *out) {
  const uint32_t *keys = t->keys.data();
  const uint32_t *values = t->values.data();
  const size_t n = t->keys.size();
  uint32_t rng = 12345u + static_cast<uint32_t>(id) * 7919u;
  uint64_t acc = 0;
  for (uint64_t q = 0; q < lookups; ++q) {
    // Keys are 3*i+1, so a third of the probes hit.
    uint32_t key = lcg(rng) % static_cast<uint32_t>(3 * n);
    size_t lo = 0, hi = n;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (keys[mid] < key)
        lo = mid + 1;
      else
        hi = mid;
    }
    if (lo < n && keys[lo] == key) acc += values[lo];
    else acc += 1;
  }
  // A sequential read of every element: all threads read all of the table.
  for (int pass = 0; pass < 2; ++pass)
    for (size_t i = 0; i < n; ++i) acc += keys[(i + id * 977) % n] ^ values[i];
  out->value = acc;
}

}  // namespace

int main() {
  const size_t n = 1 << 18;  // 256 Ki entries, 2 MiB: read by every thread
  const uint64_t lookups = bench::scaled(400000, 200);

  Table table;
  table.keys.resize(n);
  table.values.resize(n);
  for (size_t i = 0; i < n; ++i) {
    table.keys[i] = static_cast<uint32_t>(3 * i + 1);
    table.values[i] = static_cast<uint32_t>((i * 40503u) ^ (i >> 3));
  }

  bench::Padded<uint64_t> partial[kThreads];
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, &table, t, lookups, &partial[t]);
  for (auto &th : threads) th.join();

  uint64_t sum = 0;
  for (int t = 0; t < kThreads; ++t) sum = bench::mix(sum, partial[t].value);
  bench::print_checksum("shared_read", sum);
  return 0;
}
