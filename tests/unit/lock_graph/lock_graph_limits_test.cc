// The lock-order graph's memory limit (kMaxLockEdges, issue 16 item 4): many locks taken in
// one consistent order in random subsets used to grow the graph without bound (1.4 million
// edges, 200 MB, most of a minute of order maintenance for 5,000 locks).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "lock_graph_test_util.h"

namespace rl_test {
namespace {

using rl::kMaxLockEdges;

// A full graph records no new edge, counts it, and still updates and searches the edges it
// has: a known edge taken by a second thread still closes a reportable cycle.
TEST(LockGraphLimits, FullGraphDropsNewEdgesButKeepsTheOldOnesWorking) {
  LockGraph g;
  g.SetMaxEdgesForTesting(2);
  LockNodeId a = g.NewLock(), b = g.NewLock(), c = g.NewLock();
  EXPECT_TRUE(Acquire(g, 1, {a}, b).empty());
  EXPECT_TRUE(Acquire(g, 1, {b}, a).empty());  // one thread: not reportable
  EXPECT_EQ(g.NumEdges(), 2u);
  EXPECT_EQ(g.NumDroppedEdges(), 0u);
  EXPECT_TRUE(Acquire(g, 1, {a}, c).empty());  // full: a -> c is dropped
  EXPECT_FALSE(g.HasEdge(a, c));
  EXPECT_EQ(g.NumDroppedEdges(), 1u);
  EXPECT_TRUE(Acquire(g, 2, {a, b}, c).empty());  // two more dropped
  EXPECT_EQ(g.NumDroppedEdges(), 3u);
  EXPECT_EQ(g.NumEdges(), 2u);
  auto r = Acquire(g, 2, {a}, b);  // a -> b becomes multi-thread: the cycle is reportable
  ASSERT_EQ(r.size(), 1u);
  ExpectWellFormed(r[0]);
  // Removing a lock frees room again.
  g.RemoveLock(b);
  EXPECT_EQ(g.NumEdges(), 0u);
  EXPECT_TRUE(Acquire(g, 1, {a}, c).empty());
  EXPECT_TRUE(g.HasEdge(a, c));
  EXPECT_TRUE(g.CheckInvariantsForTesting());
}

// The stress shape of the issue, scaled down: locks always taken in ascending order, random
// subsets of up to 8, and now and then a run of 200 held at once. The graph must stop at
// its limit (and say how much it dropped), find no cycle, and stay fast.
TEST(LockGraphLimits, ManyLocksInOneOrderStayWithinTheLimit) {
  const unsigned kLocks = 3000, kThreads = 4, kIterations = 30000, kBig = 200;
  LockGraph g;
  std::vector<LockNodeId> ids(kLocks, 0);
  uint64_t rng = 88172645463325252ull;
  auto rnd = [&] {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
  };
  auto start = std::chrono::steady_clock::now();
  std::vector<HeldLock> held;
  std::vector<unsigned> idx;
  uint32_t cycles = 0;
  for (unsigned it = 0; it < kIterations; ++it) {
    unsigned thread = it % kThreads;
    idx.clear();
    if (thread == 0 && (it / kThreads) % 100 == 99) {
      unsigned s = rnd() % (kLocks - kBig + 1);
      for (unsigned i = 0; i < kBig; ++i) idx.push_back(s + i);
    } else {
      unsigned n = 1 + rnd() % 8;
      while (idx.size() < n) {
        unsigned c = rnd() % kLocks;
        if (std::find(idx.begin(), idx.end(), c) == idx.end()) idx.push_back(c);
      }
      std::sort(idx.begin(), idx.end());
    }
    held.clear();
    for (unsigned c : idx) {
      if (!ids[c]) ids[c] = g.NewLock();
      LockCycleList out;
      cycles += g.OnAcquire(thread + 1, ids[c], c, held.data(), held.size(),
                            AcquireKind::kBlocking, &out);
      held.push_back(HeldLock{ids[c], c});
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(cycles, 0u);
  EXPECT_EQ(g.NumEdges(), kMaxLockEdges);
  EXPECT_GT(g.NumDroppedEdges(), 0u);
  EXPECT_TRUE(g.CheckInvariantsForTesting());
  // About 0.2 s natively on an idle machine (unbounded: minutes). Generous: shared machines.
  EXPECT_LT(seconds, 60.0);
}

}  // namespace
}  // namespace rl_test
