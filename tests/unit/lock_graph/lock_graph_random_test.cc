// Randomized differential test: the lock graph against a trivially correct model.
//
// The model keeps the edges in a map (an adjacency matrix over the ids ever issued), applies
// the contract's rules literally, and decides whether a new reportable cycle exists through
// an edge by enumerating every simple path back (DFS over the matrix; the graphs are kept
// small so that is cheap). Every report of the graph must be a real, reportable, not yet
// reported simple cycle through the edge that triggered it, with the right edge data; every
// created/weakened edge for which the graph reports nothing must have no such cycle.
//
// Reproduce a failure: RACELIGHT_LOCK_GRAPH_SEED=<seed printed by the failing run>
// (optionally RACELIGHT_LOCK_GRAPH_ROUNDS=1, RACELIGHT_LOCK_GRAPH_STEPS=<n>).
#include <gtest/gtest.h>

#include <stdio.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "lock_graph_test_util.h"

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RL_TEST_UNDER_TSAN 1
#endif
#endif

namespace rl_test {
namespace {

using rl::kMaxGateLocks;

uint64_t EnvU64(const char *name, uint64_t dflt) {
  const char *v = getenv(name);
  return v && *v ? strtoull(v, nullptr, 0) : dflt;
}

struct ModelEdge {
  uint64_t thread;
  uint64_t from_site, to_site;
  bool multi;
  std::vector<LockNodeId> gate;  // in the order the graph keeps them
};

class Model {
 public:
  std::set<LockNodeId> live;
  std::set<LockNodeId> ever;  // every id ever issued
  std::map<std::pair<LockNodeId, LockNodeId>, ModelEdge> edges;
  std::set<std::vector<LockNodeId>> reported;  // canonical node sequences

  void Remove(LockNodeId id) {
    if (!live.erase(id)) return;
    for (auto it = edges.begin(); it != edges.end();) {
      if (it->first.first == id || it->first.second == id) it = edges.erase(it);
      else ++it;
    }
  }

  static std::vector<LockNodeId> Canonical(const std::vector<LockNodeId> &nodes) {
    size_t start = std::min_element(nodes.begin(), nodes.end()) - nodes.begin();
    std::vector<LockNodeId> c;
    for (size_t k = 0; k < nodes.size(); ++k) c.push_back(nodes[(start + k) % nodes.size()]);
    return c;
  }

  // Cycle given by its nodes n0 -> n1 -> ... -> n0.
  bool Reportable(const std::vector<LockNodeId> &nodes) const {
    const ModelEdge &first = edges.at({nodes[0], nodes[1 % nodes.size()]});
    bool mixed = false;
    std::vector<LockNodeId> common = first.gate;
    for (size_t i = 0; i < nodes.size(); ++i) {
      const ModelEdge &e = edges.at({nodes[i], nodes[(i + 1) % nodes.size()]});
      if (e.multi || e.thread != first.thread) mixed = true;
      std::vector<LockNodeId> next;
      for (LockNodeId g : common)
        if (std::find(e.gate.begin(), e.gate.end(), g) != e.gate.end()) next.push_back(g);
      common = next;
    }
    return mixed && common.empty();
  }

  // Is there a reportable, not yet reported simple cycle through a -> b?
  bool ExistsNewReportable(LockNodeId a, LockNodeId b) const {
    std::vector<LockNodeId> path{a, b};
    std::set<LockNodeId> on{a, b};
    return Dfs(a, &path, &on);
  }

 private:
  bool Dfs(LockNodeId a, std::vector<LockNodeId> *path, std::set<LockNodeId> *on) const {
    LockNodeId v = path->back();
    for (LockNodeId w : live) {
      if (!edges.count({v, w})) continue;
      if (w == a) {
        if (Reportable(*path) && !reported.count(Canonical(*path))) return true;
        continue;
      }
      if (on->count(w)) continue;
      path->push_back(w);
      on->insert(w);
      bool found = Dfs(a, path, on);
      path->pop_back();
      on->erase(w);
      if (found) return true;
    }
    return false;
  }
};

class RandomRun {
 public:
  // Each run draws its own shape (graph size, threads, gate locks, churn) from the seed.
  explicit RandomRun(uint64_t seed) : rng_(seed) {
    max_live_ = 3 + Rand(6);
    threads_ = 1 + Rand(4);
    global_pct_ = Rand(60);
    remove_pct_ = 2 + Rand(12);
    try_pct_ = Rand(12);
    multi_held_pct_ = 20 + Rand(60);
  }

  void Run(int steps) {
    for (step_ = 0; step_ < steps; ++step_) {
      int op = Rand(100);
      if (op < 9) DoNewLock();
      else if (op < 9 + static_cast<int>(remove_pct_)) DoRemove();
      else DoAcquire();
      if (::testing::Test::HasFatalFailure()) return;
      if (step_ % 64 == 0) Compare();
      if (::testing::Test::HasFatalFailure()) return;
    }
    Compare();
    for (LockNodeId id : std::vector<LockNodeId>(m_.live.begin(), m_.live.end())) {
      g_.RemoveLock(id);
      m_.Remove(id);
    }
    EXPECT_EQ(g_.NumEdges(), 0u);
    EXPECT_EQ(g_.NumLocks(), 0u);
    EXPECT_EQ(g_.NumReportedCycles(), 0u);
    EXPECT_TRUE(g_.CheckInvariantsForTesting());
  }

  uint64_t reports() const { return reports_; }
  uint64_t checks() const { return checks_; }

 private:
  uint32_t Rand(uint32_t n) { return static_cast<uint32_t>(rng_() % n); }

  LockNodeId RandomLive() {
    auto it = m_.live.begin();
    std::advance(it, Rand(m_.live.size()));
    return *it;
  }
  // Mostly a live lock, sometimes a stale one or garbage.
  LockNodeId RandomId() {
    uint32_t r = Rand(100);
    if (r < 90 && !m_.live.empty()) return RandomLive();
    if (r < 97 && !m_.ever.empty()) {
      auto it = m_.ever.begin();
      std::advance(it, Rand(m_.ever.size()));
      return *it;
    }
    return rng_();
  }

  void DoNewLock() {
    if (m_.live.size() >= max_live_) return;
    LockNodeId id = g_.NewLock();
    ASSERT_NE(id, rl::kInvalidLockNodeId);
    ASSERT_FALSE(m_.ever.count(id)) << "id reused: " << id << " at step " << step_;
    m_.ever.insert(id);
    m_.live.insert(id);
  }

  void DoRemove() {
    LockNodeId id = RandomId();
    g_.RemoveLock(id);
    m_.Remove(id);
  }

  void DoAcquire() {
    if (m_.live.empty()) return;
    // Thread 1 dominates so that single-thread cycles are common.
    uint64_t thread = Rand(100) < 50 ? 1 : 1 + Rand(threads_);
    LockNodeId b = RandomId();
    uint32_t n = Rand(100) < multi_held_pct_ ? Rand(6) : 1;
    std::vector<HeldLock> held;
    // A "global" lock held outermost: gate-lock situations.
    if (Rand(100) < global_pct_) held.push_back(HeldLock{*m_.live.begin(), rng_() % 8});
    for (uint32_t i = 0; i < n; ++i) held.push_back(HeldLock{RandomId(), rng_() % 8});
    AcquireKind kind = Rand(100) < try_pct_ ? AcquireKind::kTryLock : AcquireKind::kBlocking;
    uint64_t site = rng_() % 8;

    LockCycleList out;
    uint32_t ret = g_.OnAcquire(thread, b, site, held.data(), held.size(), kind, &out);
    ASSERT_EQ(ret, out.size());
    uint32_t next_report = 0;

    // The model, following the contract literally.
    std::set<LockNodeId> held_live;
    for (const HeldLock &h : held)
      if (m_.live.count(h.lock)) held_live.insert(h.lock);
    bool applies = kind == AcquireKind::kBlocking && m_.live.count(b) && !held_live.count(b);
    std::set<LockNodeId> done;
    for (size_t i = 0; applies && i < held.size(); ++i) {
      LockNodeId a = held[i].lock;
      if (!m_.live.count(a) || done.count(a)) continue;
      done.insert(a);
      bool trigger = false;
      auto it = m_.edges.find({a, b});
      if (it == m_.edges.end()) {
        ModelEdge e{thread, held[i].site, site, false, {}};
        for (const HeldLock &h : held) {
          if (e.gate.size() == kMaxGateLocks) break;
          if (!m_.live.count(h.lock) || h.lock == a) continue;
          if (std::find(e.gate.begin(), e.gate.end(), h.lock) == e.gate.end()) e.gate.push_back(h.lock);
        }
        m_.edges[{a, b}] = e;
        trigger = true;
      } else {
        ModelEdge &e = it->second;
        if (!e.multi && e.thread != thread) {
          e.multi = true;
          trigger = true;
        }
        std::vector<LockNodeId> kept;
        for (LockNodeId g : e.gate)
          if (held_live.count(g)) kept.push_back(g);
        if (kept.size() != e.gate.size()) trigger = true;
        e.gate = kept;
      }
      if (!trigger) continue;
      ++checks_;
      if (next_report < out.size() && out[next_report].edges[0].from == a &&
          out[next_report].edges[0].to == b) {
        CheckReport(out[next_report], a, b);
        ++next_report;
      } else {
        ASSERT_FALSE(m_.ExistsNewReportable(a, b))
            << "missed a reportable cycle through the new/weakened edge " << a << " -> " << b
            << " at step " << step_;
      }
    }
    ASSERT_EQ(next_report, out.size()) << "unexpected report at step " << step_;
  }

  void CheckReport(rl::LockCycleView c, LockNodeId a, LockNodeId b) {
    ++reports_;
    ASSERT_GE(c.num_edges, 2u);
    std::vector<LockNodeId> nodes;
    for (uint32_t i = 0; i < c.num_edges; ++i) {
      const LockEdgeInfo &e = c.edges[i];
      ASSERT_EQ(e.to, c.edges[(i + 1) % c.num_edges].from) << "cycle does not close";
      nodes.push_back(e.from);
      auto it = m_.edges.find({e.from, e.to});
      ASSERT_TRUE(it != m_.edges.end()) << "reported edge does not exist, step " << step_;
      const ModelEdge &me = it->second;
      EXPECT_EQ(e.thread, me.thread);
      EXPECT_EQ(e.from_site, me.from_site);
      EXPECT_EQ(e.to_site, me.to_site);
      EXPECT_EQ(e.multi_thread, me.multi);
      ASSERT_EQ(e.num_gate, me.gate.size());
      for (uint32_t k = 0; k < e.num_gate; ++k) EXPECT_EQ(e.gate[k], me.gate[k]);
    }
    EXPECT_EQ(nodes[0], a);
    EXPECT_EQ(nodes[1], b);
    ASSERT_EQ(std::set<LockNodeId>(nodes.begin(), nodes.end()).size(), nodes.size()) << "not simple";
    ASSERT_TRUE(m_.Reportable(nodes)) << "reported a cycle that cannot deadlock, step " << step_;
    ASSERT_TRUE(m_.reported.insert(Model::Canonical(nodes)).second)
        << "reported twice, step " << step_;
  }

  void Compare() {
    ASSERT_TRUE(g_.CheckInvariantsForTesting()) << "step " << step_;
    ASSERT_EQ(g_.NumLocks(), m_.live.size());
    ASSERT_EQ(g_.NumEdges(), m_.edges.size()) << "step " << step_;
    // Every live lock, plus a few dead ones.
    std::vector<LockNodeId> ids(m_.live.begin(), m_.live.end());
    for (int i = 0; i < 6 && !m_.ever.empty(); ++i) {
      auto it = m_.ever.begin();
      std::advance(it, Rand(m_.ever.size()));
      ids.push_back(*it);
    }
    for (LockNodeId a : ids) {
      ASSERT_EQ(g_.IsLive(a), m_.live.count(a) == 1);
      for (LockNodeId b : ids) {
        LockEdgeInfo info;
        bool has = g_.GetEdge(a, b, &info);
        auto it = m_.edges.find({a, b});
        ASSERT_EQ(has, it != m_.edges.end()) << a << " -> " << b << " step " << step_;
        if (!has) continue;
        EXPECT_EQ(info.thread, it->second.thread);
        EXPECT_EQ(info.multi_thread, it->second.multi);
        ASSERT_EQ(info.num_gate, it->second.gate.size());
      }
    }
  }

  size_t max_live_;
  uint32_t threads_, global_pct_, remove_pct_, try_pct_, multi_held_pct_;
  std::mt19937_64 rng_;
  LockGraph g_;
  Model m_;
  int step_ = 0;
  uint64_t reports_ = 0, checks_ = 0;
};

TEST(LockGraphRandom, AgainstModel) {
#ifdef RL_TEST_UNDER_TSAN
  const uint64_t kDefaultRounds = 6, kDefaultSteps = 2000;
#else
  const uint64_t kDefaultRounds = 40, kDefaultSteps = 4000;
#endif
  uint64_t seed = EnvU64("RACELIGHT_LOCK_GRAPH_SEED", 0);
  const bool fixed = seed != 0;
  if (!fixed)
    seed = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) | 1;
  const uint64_t rounds = EnvU64("RACELIGHT_LOCK_GRAPH_ROUNDS", kDefaultRounds);
  const uint64_t steps = EnvU64("RACELIGHT_LOCK_GRAPH_STEPS", kDefaultSteps);
  printf("[lock_graph] %llu rounds x %llu steps; round 0 uses seed %llu, round r > 0 seed %llu + r.\n"
         "[lock_graph] replay round r alone: RACELIGHT_LOCK_GRAPH_SEED=<its seed> RACELIGHT_LOCK_GRAPH_ROUNDS=1\n",
         static_cast<unsigned long long>(rounds), static_cast<unsigned long long>(steps),
         static_cast<unsigned long long>(fixed ? seed : 1), static_cast<unsigned long long>(seed));
  fflush(stdout);
  uint64_t reports = 0, checks = 0;
  for (uint64_t round = 0; round < rounds; ++round) {
    // Round 0 always uses a fixed seed; the others vary from run to run unless a seed is given.
    const uint64_t s = round == 0 && !fixed ? 1 : seed + round;
    SCOPED_TRACE("reproduce with RACELIGHT_LOCK_GRAPH_SEED=" + std::to_string(s) +
                 " RACELIGHT_LOCK_GRAPH_ROUNDS=1");
    RandomRun run(s);
    run.Run(static_cast<int>(steps));
    reports += run.reports();
    checks += run.checks();
    if (::testing::Test::HasFailure()) break;
  }
  printf("[lock_graph] %llu cycle checks, %llu reports verified\n",
         static_cast<unsigned long long>(checks), static_cast<unsigned long long>(reports));
  EXPECT_GT(reports, 0u);
}

}  // namespace
}  // namespace rl_test
