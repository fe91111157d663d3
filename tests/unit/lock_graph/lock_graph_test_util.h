// Helpers shared by the lock-graph tests.
#ifndef RACELIGHT_TESTS_LOCK_GRAPH_TEST_UTIL_H
#define RACELIGHT_TESTS_LOCK_GRAPH_TEST_UTIL_H

#include <gtest/gtest.h>

#include <stdint.h>

#include <initializer_list>
#include <vector>

#include "lock_graph.h"

namespace rl_test {

using rl::AcquireKind;
using rl::HeldLock;
using rl::LockCycleList;
using rl::LockEdgeInfo;
using rl::LockGraph;
using rl::LockNodeId;

// A cycle copied out of a LockCycleList.
using Cycle = std::vector<LockEdgeInfo>;

// Sites are derived from the lock id so tests can check them: the site where `lock` was
// acquired is SiteOf(lock) (+ a per-call offset when a test wants to tell calls apart).
inline uint64_t SiteOf(LockNodeId lock) {
  return 0x5000000000ull + (lock & 0xffffffffu) * 16 + (lock >> 32);
}

// Thread `thread` acquires `lock` while holding `held` (outermost first). Returns the cycles.
inline std::vector<Cycle> Acquire(LockGraph &g, uint64_t thread,
                                  std::initializer_list<LockNodeId> held, LockNodeId lock,
                                  AcquireKind kind = AcquireKind::kBlocking) {
  std::vector<HeldLock> h;
  for (LockNodeId l : held) h.push_back(HeldLock{l, SiteOf(l)});
  LockCycleList out;
  uint32_t n = g.OnAcquire(thread, lock, SiteOf(lock), h.data(), h.size(), kind, &out);
  EXPECT_EQ(n, out.size());
  std::vector<Cycle> result;
  for (uint32_t i = 0; i < out.size(); ++i) {
    rl::LockCycleView v = out[i];
    result.emplace_back(v.edges, v.edges + v.num_edges);
  }
  return result;
}

// A reported cycle is well formed: it closes, no lock repeats.
inline void ExpectWellFormed(const Cycle &c) {
  ASSERT_GE(c.size(), 2u);
  for (size_t i = 0; i < c.size(); ++i) {
    EXPECT_EQ(c[i].to, c[(i + 1) % c.size()].from) << "edge " << i;
    for (size_t j = i + 1; j < c.size(); ++j) EXPECT_NE(c[i].from, c[j].from);
  }
}

}  // namespace rl_test

#endif  // RACELIGHT_TESTS_LOCK_GRAPH_TEST_UTIL_H
