// (2) Parallel array sum/scale: 4 threads each stream over their own slice of two large
// arrays, several passes, disjoint writes.
//
// Stresses: the plain load/store fast path. Each pass has a vectorisable scale-and-add
// loop and a scalar running-sum loop (a loop-carried dependence the vectoriser cannot
// remove), so both wide and 4/8-byte accesses are checked. No thread ever touches
// another's slice; the main thread initialises before the threads start and reads after
// they are joined, so only thread creation and join order the accesses.
#include <thread>
#include <vector>

#include "bench_common.h"

namespace {

constexpr int kThreads = 4;

struct Slice {
  uint32_t *a;
  uint64_t *b;
  size_t len;
};

void worker(Slice s, int passes, bench::Padded<uint64_t> *out) {
  uint64_t total = 0;
  for (int p = 0; p < passes; ++p) {
    // Scale: wide loads and stores.
    for (size_t i = 0; i < s.len; ++i) s.a[i] = s.a[i] * 3u + static_cast<uint32_t>(p);
    // Running sum into the second array: one scalar load of a, one load and store of b.
    uint64_t run = 0;
    for (size_t i = 0; i < s.len; ++i) {
      run += s.a[i] ^ s.b[i];
      s.b[i] = run;
    }
    total += run;
  }
  out->value = total;
}

}  // namespace

int main() {
  const size_t n = size_t{1} << 21;  // 2 Mi elements of each array: 24 MiB
  const int passes = static_cast<int>(bench::scaled(48));
  std::vector<uint32_t> a(n);
  std::vector<uint64_t> b(n);
  for (size_t i = 0; i < n; ++i) {
    a[i] = static_cast<uint32_t>(i * 2654435761u);
    b[i] = i;
  }

  bench::Padded<uint64_t> partial[kThreads];
  std::vector<std::thread> threads;
  const size_t chunk = n / kThreads;
  for (int t = 0; t < kThreads; ++t) {
    Slice s{a.data() + t * chunk, b.data() + t * chunk, chunk};
    threads.emplace_back(worker, s, passes, &partial[t]);
  }
  for (auto &th : threads) th.join();

  uint64_t sum = 0;
  for (int t = 0; t < kThreads; ++t) sum = bench::mix(sum, partial[t].value);
  for (size_t i = 0; i < n; i += 4099) sum = bench::mix(sum, a[i] + b[i]);
  bench::print_checksum("array_stream", sum);
  return 0;
}
