// Tests of the sync object index (runtime/sync_index.h): a randomized comparison against a
// trivially correct model (a std::set of granules), page and word boundaries, and
// concurrent setting and clearing of neighbouring granules. Also built with
// -fsanitize=thread (runtime_unit_tsan).
#include "sync_index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "rt_test_util.h"

namespace rl_test {
namespace {

using rl::SyncIndexClear;
using rl::SyncIndexNext;
using rl::SyncIndexSet;
using rl::SyncIndexTest;
using rl::uptr;

// Addresses are only keys: the index never touches the memory it describes. Each test
// uses its own region so they do not see each other's bits.
constexpr uptr kRegionSize = uptr{1} << 20;  // 16 index pages
uptr Region(int n) { return (uptr{0x7e00} << 32) + uptr(n) * 4 * kRegionSize; }

uptr ModelNext(const std::set<uptr> &model, uptr begin, uptr end) {
  auto it = model.lower_bound(begin & ~uptr(7));
  return it != model.end() && *it < end ? *it : end;
}

TEST(SyncIndex, EmptyRangeHasNothing) {
  uptr base = Region(0);
  EXPECT_EQ(SyncIndexNext(base, base + kRegionSize), base + kRegionSize);
  EXPECT_FALSE(SyncIndexTest(base));
}

TEST(SyncIndex, FindsAcrossWordAndPageBoundaries) {
  uptr base = Region(1);
  uptr page = uptr{1} << 16;
  uptr marks[] = {base + 8 * 63, base + 8 * 64, base + page - 8, base + page, base + 5 * page + 3};
  for (uptr m : marks) SyncIndexSet(m);
  uptr end = base + kRegionSize;
  uptr g = SyncIndexNext(base, end);
  for (uptr m : marks) {
    EXPECT_EQ(g, m & ~uptr(7));
    g = SyncIndexNext(g + 8, end);
  }
  EXPECT_EQ(g, end);
  // An unaligned begin inside a marked granule finds that granule.
  EXPECT_EQ(SyncIndexNext(base + 5 * page + 7, end), base + 5 * page);
  // The end bound is exclusive of granules that start at or after it.
  EXPECT_EQ(SyncIndexNext(base, base + 8 * 63), base + 8 * 63);
  EXPECT_EQ(SyncIndexNext(base, base + 8 * 63 + 1), base + 8 * 63);
  for (uptr m : marks) SyncIndexClear(m);
  EXPECT_EQ(SyncIndexNext(base, end), end);
}

TEST(SyncIndex, AgreesWithModel) {
  uptr base = Region(2);
  std::mt19937_64 rng(12345);
  std::set<uptr> model;
  // Clustered addresses, so words and pages hold several bits.
  auto random_granule = [&] {
    uptr page = rng() % 16, within = rng() % 256;
    return base + (page << 16) + (rng() % 2 ? within * 8 : (within * 64 + rng() % 64) * 8);
  };
  for (long step = 0; step < Scaled(20000); ++step) {
    uptr g = random_granule();
    switch (rng() % 3) {
      case 0:
        SyncIndexSet(g + rng() % 8);
        model.insert(g);
        break;
      case 1:
        SyncIndexClear(g + rng() % 8);
        model.erase(g);
        break;
      default: {
        uptr begin = g + rng() % 8;
        uptr end = begin + 1 + rng() % (uptr{3} << 16);
        ASSERT_EQ(SyncIndexNext(begin, end), ModelNext(model, begin, end)) << "step " << step;
        ASSERT_EQ(SyncIndexTest(begin), model.count(begin & ~uptr(7)) == 1);
      }
    }
  }
  for (uptr g : model) SyncIndexClear(g);
  EXPECT_EQ(SyncIndexNext(base, base + kRegionSize), base + kRegionSize);
}

// Threads own interleaved granules of the same words: no update may be lost.
TEST(SyncIndex, ConcurrentNeighboursKeepTheirBits) {
  constexpr int kThreads = 4;
  uptr base = Region(3);
  SpinBarrier barrier(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      barrier.Wait();
      for (long r = 0; r < Scaled(2000); ++r) {
        for (uptr i = uptr(t); i < 512; i += kThreads) SyncIndexSet(base + 8 * i);
        for (uptr i = uptr(t); i < 512; i += 2 * kThreads) SyncIndexClear(base + 8 * i);
      }
    });
  }
  for (auto &th : threads) th.join();
  for (uptr i = 0; i < 512; ++i)
    EXPECT_EQ(SyncIndexTest(base + 8 * i), (i / kThreads) % 2 == 1) << "granule " << i;
  for (uptr i = 0; i < 512; ++i) SyncIndexClear(base + 8 * i);
  EXPECT_EQ(SyncIndexNext(base, base + kRegionSize), base + kRegionSize);
}

}  // namespace
}  // namespace rl_test
