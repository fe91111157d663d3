// (5) A small parallel matrix multiply, C = A * B, on 32-bit integers (wrapping, so the
// result is exact and the same for every build), rows of C split among 4 threads.
//
// Stresses: dense, cache-friendly loads of shared read-only inputs (A and B are read by
// every thread) mixed with stores to each thread's own rows of C; the i-k-j loop order
// lets the compiler vectorise the inner loop, as real numeric code would.
#include <cmath>
#include <thread>
#include <vector>

#include "bench_common.h"

namespace {

constexpr int kThreads = 4;

void multiply_rows(const uint32_t *a, const uint32_t *b, uint32_t *c, size_t n, size_t row_begin,
                   size_t row_end) {
  for (size_t i = row_begin; i < row_end; ++i) {
    uint32_t *ci = c + i * n;
    for (size_t j = 0; j < n; ++j) ci[j] = 0;
    for (size_t k = 0; k < n; ++k) {
      const uint32_t aik = a[i * n + k];
      const uint32_t *bk = b + k * n;
      for (size_t j = 0; j < n; ++j) ci[j] += aik * bk[j];
    }
  }
}

}  // namespace

int main() {
  // Work grows as n^3: scale n by the cube root of BENCH_SCALE.
  size_t n = static_cast<size_t>(std::lround(704.0 * std::cbrt(bench::scale())));
  n = (n + 15) & ~size_t{15};
  if (n < 32) n = 32;
  const int reps = 3;

  std::vector<uint32_t> a(n * n), b(n * n), c(n * n);
  for (size_t i = 0; i < n * n; ++i) {
    a[i] = static_cast<uint32_t>((i * 2654435761u) >> 7);
    b[i] = static_cast<uint32_t>((i * 40503u + 17u) ^ (i >> 5));
  }

  uint64_t sum = n;
  for (int r = 0; r < reps; ++r) {
    std::vector<std::thread> threads;
    const size_t rows = n / kThreads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back(multiply_rows, a.data(), b.data(), c.data(), n, t * rows,
                           t == kThreads - 1 ? n : (t + 1) * rows);
    for (auto &th : threads) th.join();
    // Feed the result back in, so each repetition computes something new.
    for (size_t i = 0; i < n * n; ++i) a[i] ^= c[i];
    for (size_t i = 0; i < n * n; i += 7) sum = bench::mix(sum, c[i]);
  }
  bench::print_checksum("matmul", sum);
  return 0;
}
