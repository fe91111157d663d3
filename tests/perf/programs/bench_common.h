// Shared helpers for the Racelight benchmark programs (tests/perf/programs).
//
// Every program is race-free and deterministic: it prints exactly one line,
//   checksum <name> <16 hex digits>
// on stdout, the same whatever the thread interleaving and whichever detector (if any)
// instrumented it. run_bench.sh compares that line across the native, TSan and Racelight
// builds. Nothing is printed on stderr, so any stderr output from a detector is a report.
//
// BENCH_SCALE (a positive real, default 1) scales the amount of work; the smoke test runs
// with a small value so each program takes a few milliseconds.
#ifndef RACELIGHT_BENCH_COMMON_H
#define RACELIGHT_BENCH_COMMON_H

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace bench {

inline double scale() {
  const char *s = std::getenv("BENCH_SCALE");
  if (!s || !*s) return 1.0;
  char *end = nullptr;
  double v = std::strtod(s, &end);
  if (end == s || !(v > 0.0) || v > 1000.0) {
    std::fprintf(stderr, "bad BENCH_SCALE '%s'\n", s);
    std::exit(2);
  }
  return v;
}

// `base` scaled by BENCH_SCALE, at least `min`.
inline uint64_t scaled(uint64_t base, uint64_t min = 1) {
  double v = std::floor(static_cast<double>(base) * scale());
  uint64_t r = v < 1.0 ? 0 : static_cast<uint64_t>(v);
  return r < min ? min : r;
}

// Order-dependent 64-bit mix (splitmix64 finaliser), for folding results in a fixed order.
inline uint64_t mix(uint64_t h, uint64_t v) {
  uint64_t z = h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline void print_checksum(const char *name, uint64_t sum) {
  std::printf("checksum %s %016llx\n", name, static_cast<unsigned long long>(sum));
}

// Keeps per-thread results on their own cache lines so the benchmarks measure the
// detectors, not false sharing.
template <class T>
struct alignas(64) Padded {
  T value{};
};

}  // namespace bench

#endif
