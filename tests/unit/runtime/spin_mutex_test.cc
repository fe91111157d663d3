// Tests of rl::SpinMutex (runtime/spin_mutex.h). Also built with -fsanitize=thread
// (runtime_unit_tsan), where the plain counters below would be reported if the mutex did
// not order the critical sections.
#include "spin_mutex.h"

#include <gtest/gtest.h>

#include <thread>
#include <type_traits>
#include <vector>

#include "rt_test_util.h"

namespace rl_test {
namespace {

using rl::SpinLockGuard;
using rl::SpinMutex;

TEST(SpinMutex, TryLockStates) {
  SpinMutex mu;
  EXPECT_TRUE(mu.TryLock());
  EXPECT_FALSE(mu.TryLock());  // not recursive
  mu.Unlock();
  EXPECT_TRUE(mu.TryLock());
  mu.Unlock();
  mu.Lock();
  EXPECT_FALSE(mu.TryLock());
  mu.Unlock();
}

// Signal handlers rely on the count (spin_mutex.h): it is non-zero exactly while the
// thread holds a SpinMutex, and a failed TryLock leaves it as it was.
TEST(SpinMutex, CountsTheLocksThisThreadHolds) {
  SpinMutex a, b;
  EXPECT_FALSE(rl::SpinLocksHeld());
  a.Lock();
  EXPECT_TRUE(rl::SpinLocksHeld());
  EXPECT_FALSE(a.TryLock());
  EXPECT_TRUE(b.TryLock());
  b.Unlock();
  EXPECT_TRUE(rl::SpinLocksHeld());
  a.Unlock();
  EXPECT_FALSE(rl::SpinLocksHeld());
  {
    SpinLockGuard guard(b);
    EXPECT_TRUE(rl::SpinLocksHeld());
    // Another thread's count is its own.
    bool other_held = true;
    std::thread([&] { other_held = rl::SpinLocksHeld(); }).join();
    EXPECT_FALSE(other_held);
  }
  EXPECT_FALSE(rl::SpinLocksHeld());
}

TEST(SpinMutex, GuardLocksForItsScope) {
  SpinMutex mu;
  {
    SpinLockGuard guard(mu);
    EXPECT_FALSE(mu.TryLock());
  }
  EXPECT_TRUE(mu.TryLock());
  mu.Unlock();
}

// Constant-initialized (constexpr constructor) and trivially destructible: usable as a
// global before constructors and after destructors run.
constexpr bool ConstexprConstructible() {
  SpinMutex mu;
  (void)mu;
  return true;
}
static_assert(ConstexprConstructible(), "constexpr constructor");
static_assert(std::is_trivially_destructible<SpinMutex>::value, "no destructor to run");

TEST(SpinMutex, GlobalInstance) {
  static SpinMutex global;
  EXPECT_TRUE(global.TryLock());
  global.Unlock();
}

// More threads than cores, so holders get descheduled while others spin (the yield path).
TEST(SpinMutex, MutualExclusionCounter) {
  const int kThreads = 4;
  const long kIters = Scaled(200000);
  SpinMutex mu;
  long counter = 0;     // plain, guarded by mu
  long shadow = 0;      // must always equal counter inside the critical section
  std::atomic<int> inside{0};
  std::atomic<long> violations{0};
  SpinBarrier start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      start.Wait();
      for (long i = 0; i < kIters; ++i) {
        SpinLockGuard guard(mu);
        if (inside.fetch_add(1, std::memory_order_relaxed) != 0) violations.fetch_add(1);
        // A read-modify-write split in two steps, with a check in between.
        long c = counter;
        if (c != shadow) violations.fetch_add(1);
        counter = c + 1;
        shadow = c + 1;
        inside.fetch_sub(1, std::memory_order_relaxed);
      }
    });
  for (auto &th : threads) th.join();
  EXPECT_EQ(counter, kThreads * kIters);
  EXPECT_EQ(shadow, kThreads * kIters);
  EXPECT_EQ(violations.load(), 0);
}

TEST(SpinMutex, MutualExclusionWithTryLock) {
  const int kThreads = 3;
  const long kIters = Scaled(100000);
  SpinMutex mu;
  long counter = 0;
  std::atomic<long> failed_tries{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (long i = 0; i < kIters; ++i) {
        if (t == 0) {
          while (!mu.TryLock()) {
            failed_tries.fetch_add(1, std::memory_order_relaxed);
            std::this_thread::yield();
          }
        } else {
          mu.Lock();
        }
        ++counter;
        mu.Unlock();
      }
    });
  for (auto &th : threads) th.join();
  EXPECT_EQ(counter, kThreads * kIters);
}

// The mutex orders more than the counter: data written in one critical section is seen
// complete in the next (release/acquire).
TEST(SpinMutex, PublishesDataBetweenCriticalSections) {
  const int kThreads = 4;
  const long kIters = Scaled(20000);
  SpinMutex mu;
  std::vector<long> data(16, 0);  // all elements equal outside critical sections
  std::atomic<long> torn{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (long i = 0; i < kIters; ++i) {
        SpinLockGuard guard(mu);
        for (long v : data)
          if (v != data[0]) torn.fetch_add(1);
        for (long &v : data) ++v;
      }
    });
  for (auto &th : threads) th.join();
  EXPECT_EQ(torn.load(), 0);
  for (long v : data) EXPECT_EQ(v, kThreads * kIters);
}

}  // namespace
}  // namespace rl_test
