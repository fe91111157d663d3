// Concurrency: several threads add edges, create and destroy locks and query at once.
// Built twice: normally and under ThreadSanitizer (which must stay silent).
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>
#include <vector>

#include "lock_graph_test_util.h"

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RL_TEST_UNDER_TSAN 1
#endif
#endif

namespace rl_test {
namespace {

#ifdef RL_TEST_UNDER_TSAN
constexpr int kIterations = 15000;
#else
constexpr int kIterations = 60000;
#endif
constexpr int kThreads = 4;
constexpr int kPool = 24;

TEST(LockGraphStress, ConcurrentAddRemoveQuery) {
  LockGraph g;
  std::atomic<LockNodeId> pool[kPool];
  for (auto &p : pool) p.store(g.NewLock());
  std::atomic<uint64_t> total_reports{0};
  std::atomic<bool> failed{false};

  auto worker = [&](int tid) {
    std::mt19937_64 rng(1000 + tid);
    LockCycleList out;
    std::vector<HeldLock> held;
    uint64_t reports = 0;
    for (int it = 0; it < kIterations; ++it) {
      uint32_t op = rng() % 100;
      if (op < 80) {
        held.clear();
        int n = rng() % 4;
        if (rng() % 8 == 0) n = 20 + rng() % 20;  // sometimes many held locks
        for (int i = 0; i < n; ++i) held.push_back(HeldLock{pool[rng() % kPool].load(), rng()});
        LockNodeId target = pool[rng() % kPool].load();
        AcquireKind kind = rng() % 10 == 0 ? AcquireKind::kTryLock : AcquireKind::kBlocking;
        out.Clear();
        uint32_t r = g.OnAcquire(tid, target, rng(), held.data(), held.size(), kind, &out);
        if (r != out.size()) failed = true;
        for (uint32_t c = 0; c < out.size(); ++c) {
          rl::LockCycleView v = out[c];
          if (v.num_edges < 2) failed = true;
          for (uint32_t e = 0; e < v.num_edges; ++e)
            if (v.edges[e].to != v.edges[(e + 1) % v.num_edges].from) failed = true;
        }
        reports += r;
      } else if (op < 90) {
        // Destroy a lock and put a new one in its place.
        LockNodeId fresh = g.NewLock();
        LockNodeId old = pool[rng() % kPool].exchange(fresh);
        g.RemoveLock(old);
      } else if (op < 99) {
        LockNodeId a = pool[rng() % kPool].load(), b = pool[rng() % kPool].load();
        LockEdgeInfo info;
        if (g.GetEdge(a, b, &info) && (info.from != a || info.to != b)) failed = true;
        (void)g.IsLive(a);
        (void)g.NumEdges();
        (void)g.NumLocks();
      } else {
        if (!g.CheckInvariantsForTesting()) failed = true;
      }
    }
    total_reports += reports;
  };

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t + 1);
  for (auto &t : threads) t.join();

  EXPECT_FALSE(failed.load());
  EXPECT_TRUE(g.CheckInvariantsForTesting());
  EXPECT_GT(total_reports.load(), 0u);
  EXPECT_EQ(g.NumLocks(), static_cast<uint64_t>(kPool));
  for (auto &p : pool) g.RemoveLock(p.load());
  EXPECT_EQ(g.NumLocks(), 0u);
  EXPECT_EQ(g.NumEdges(), 0u);
  EXPECT_EQ(g.NumReportedCycles(), 0u);
}

TEST(LockGraphStress, PrivateLocksPerThread) {
  // Threads working on disjoint locks in one graph: every thread's own inversions are
  // single-threaded, so nothing may be reported.
  LockGraph g;
  std::atomic<uint64_t> reports{0};
  auto worker = [&](int tid) {
    std::mt19937_64 rng(tid);
    std::vector<LockNodeId> mine;
    for (int i = 0; i < 12; ++i) mine.push_back(g.NewLock());
    LockCycleList out;
    for (int it = 0; it < kIterations / 4; ++it) {
      HeldLock h{mine[rng() % mine.size()], 0};
      LockNodeId b = mine[rng() % mine.size()];
      reports += g.OnAcquire(tid, b, 0, &h, 1, AcquireKind::kBlocking, &out);
      if (it % 500 == 0) {
        size_t i = rng() % mine.size();
        g.RemoveLock(mine[i]);
        mine[i] = g.NewLock();
      }
    }
    for (LockNodeId l : mine) g.RemoveLock(l);
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(worker, t + 1);
  for (auto &t : threads) t.join();
  EXPECT_EQ(reports.load(), 0u);
  EXPECT_EQ(g.NumEdges(), 0u);
  EXPECT_TRUE(g.CheckInvariantsForTesting());
}

}  // namespace
}  // namespace rl_test
