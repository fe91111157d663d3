// Helpers shared by the runtime unit tests (tests/unit/runtime).
#ifndef RACELIGHT_TESTS_UNIT_RUNTIME_RT_TEST_UTIL_H
#define RACELIGHT_TESTS_UNIT_RUNTIME_RT_TEST_UTIL_H

#include <atomic>
#include <thread>

namespace rl_test {

#if defined(__SANITIZE_THREAD__)
constexpr bool kUnderTsan = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
constexpr bool kUnderTsan = true;
#else
constexpr bool kUnderTsan = false;
#endif
#else
constexpr bool kUnderTsan = false;
#endif

// Scales an iteration count down under ThreadSanitizer, which is 5-15x slower.
constexpr long Scaled(long n) { return kUnderTsan ? (n / 8 > 0 ? n / 8 : 1) : n; }

// A reusable spinning barrier: all `n` threads leave Wait() together, which maximizes
// contention at the start of each round. (std::barrier is C++20.)
class SpinBarrier {
 public:
  explicit SpinBarrier(unsigned n) : n_(n) {}
  void Wait() {
    unsigned gen = generation_.load(std::memory_order_acquire);
    if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == n_) {
      arrived_.store(0, std::memory_order_relaxed);
      generation_.fetch_add(1, std::memory_order_acq_rel);
      return;
    }
    for (unsigned spins = 0; generation_.load(std::memory_order_acquire) == gen; ++spins)
      if (spins > 64) std::this_thread::yield();
  }

 private:
  const unsigned n_;
  std::atomic<unsigned> arrived_{0};
  std::atomic<unsigned> generation_{0};
};

}  // namespace rl_test

#endif  // RACELIGHT_TESTS_UNIT_RUNTIME_RT_TEST_UTIL_H
