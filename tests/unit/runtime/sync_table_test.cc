// Tests of the SyncVar table (runtime/sync.h): lookup and creation by address, the sorted
// range collection that atomics lock in order, versioned ids, and concurrent creation.
// Also built with -fsanitize=thread (runtime_unit_tsan).
//
// sync.cc calls into the lock model and the thread registry; the two functions it needs
// are stubbed here (the table is tested on its own).
#include "sync.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "rt_test_util.h"

namespace rl {
void LockModelForget(SyncVar *) {}
void Tick(ThreadState *) {}
void RecheckUnfencedSlow(ThreadState *) {}
}  // namespace rl

namespace rl_test {
namespace {

using rl::CollectSyncVarsInRange;
using rl::DestroySyncVar;
using rl::DestroySyncVarsInRange;
using rl::GetSyncVar;
using rl::SyncVar;
using rl::u32;
using rl::u64;
using rl::uptr;

// Distinct, never-dereferenced addresses per test (the table only keys on them).
alignas(64) char g_objects[8][256];

TEST(SyncTable, GetFindsWhatItCreated) {
  uptr a = uptr(&g_objects[0][0]);
  EXPECT_EQ(GetSyncVar(a, false), nullptr);
  SyncVar *s = GetSyncVar(a, true);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->addr, a);
  EXPECT_EQ(GetSyncVar(a, true), s);
  EXPECT_EQ(GetSyncVar(a, false), s);
  EXPECT_EQ(GetSyncVar(a + 1, false), nullptr);  // exact address, not granule
  DestroySyncVar(a);
  EXPECT_EQ(GetSyncVar(a, false), nullptr);
}

TEST(SyncTable, RecreatedObjectGetsANewId) {
  uptr a = uptr(&g_objects[1][0]);
  u64 first = GetSyncVar(a, true)->id;
  DestroySyncVar(a);
  u64 second = GetSyncVar(a, true)->id;
  EXPECT_NE(first, second);
  DestroySyncVar(a);
}

TEST(SyncTable, CollectReturnsObjectsInRangeSortedByAddress) {
  uptr base = uptr(&g_objects[2][0]);
  // Two 4-byte objects in one granule (shared_ptr's counts) and one in the next; created
  // in address order, so the table's chain (newest first) holds them out of order.
  SyncVar *lo = GetSyncVar(base, true);
  SyncVar *mid = GetSyncVar(base + 4, true);
  SyncVar *hi = GetSyncVar(base + 12, true);
  SyncVar *out[16];
  ASSERT_EQ(CollectSyncVarsInRange(base, 16, false, out, 16), 3u);
  EXPECT_EQ(out[0], lo);
  EXPECT_EQ(out[1], mid);
  EXPECT_EQ(out[2], hi);
  // Bounds: [base + 4, base + 12) holds only mid.
  ASSERT_EQ(CollectSyncVarsInRange(base + 4, 8, false, out, 16), 1u);
  EXPECT_EQ(out[0], mid);
  // `max` is respected.
  EXPECT_EQ(CollectSyncVarsInRange(base, 16, false, out, 2), 2u);
  DestroySyncVarsInRange(base, 16);
  EXPECT_EQ(CollectSyncVarsInRange(base, 16, false, out, 16), 0u);
}

TEST(SyncTable, CollectCreatesOnlyAtTheStartAddress) {
  uptr base = uptr(&g_objects[3][0]);
  SyncVar *other = GetSyncVar(base + 4, true);
  SyncVar *out[16];
  ASSERT_EQ(CollectSyncVarsInRange(base, 8, true, out, 16), 2u);
  EXPECT_EQ(out[0]->addr, base);  // created, and sorted before the existing one
  EXPECT_EQ(out[1], other);
  EXPECT_EQ(GetSyncVar(base, false), out[0]);
  // Created once: a second collection finds the same two.
  SyncVar *again[16];
  ASSERT_EQ(CollectSyncVarsInRange(base, 8, true, again, 16), 2u);
  EXPECT_EQ(again[0], out[0]);
  // An unaligned start in a later granule is created too.
  ASSERT_EQ(CollectSyncVarsInRange(base + 18, 2, true, out, 16), 1u);
  EXPECT_EQ(out[0]->addr, base + 18);
  DestroySyncVarsInRange(base, 32);
}

// The per-thread cache answers what the table would: the same object while nothing in its
// shard changes, a new object once the old one is destroyed, and every object of the range
// once a second one appears in it.
TEST(SyncTable, CacheAgreesWithTheTable) {
  rl::SyncVarCache cache;
  uptr a = uptr(&g_objects[5][0]);
  SyncVar *s = rl::GetSyncVarCached(&cache, a);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(GetSyncVar(a, false), s);
  EXPECT_EQ(rl::GetSyncVarCached(&cache, a), s);  // a hit
  u64 old_id = s->id;
  DestroySyncVar(a);
  SyncVar *fresh = rl::GetSyncVarCached(&cache, a);
  EXPECT_EQ(GetSyncVar(a, false), fresh);
  EXPECT_NE(fresh->id, old_id);

  SyncVar *out[4];
  ASSERT_EQ(rl::CollectSyncVarsCached(&cache, a, 8, true, out, 4), 1u);
  ASSERT_EQ(rl::CollectSyncVarsCached(&cache, a, 8, true, out, 4), 1u);  // cached now
  EXPECT_EQ(out[0], fresh);
  SyncVar *other = GetSyncVar(a + 4, true);  // a second object in the range
  ASSERT_EQ(rl::CollectSyncVarsCached(&cache, a, 8, true, out, 4), 2u);
  EXPECT_EQ(out[0], fresh);
  EXPECT_EQ(out[1], other);
  // A range across two granules is never cached, but still answered.
  ASSERT_EQ(rl::CollectSyncVarsCached(&cache, a + 4, 8, false, out, 4), 1u);
  EXPECT_EQ(out[0], other);
  DestroySyncVarsInRange(a, 16);
  EXPECT_EQ(rl::CollectSyncVarsCached(&cache, a, 8, false, out, 4), 0u);
}

// Threads racing to create the same objects all get one SyncVar per address, and a
// SyncVar locked through a collection orders what its holders write (under TSan the
// plain per-object counters below are reported if it does not).
TEST(SyncTable, ConcurrentCollectAgreesAndLocks) {
  constexpr int kThreads = 4;
  const long kRounds = Scaled(2000);
  uptr base = uptr(&g_objects[4][0]);
  long counters[16] = {};
  std::vector<std::vector<SyncVar *>> seen(kThreads);
  SpinBarrier barrier(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      barrier.Wait();
      for (long r = 0; r < kRounds; ++r) {
        uptr a = base + 8 * (r % 16);
        SyncVar *out[4];
        u32 n = CollectSyncVarsInRange(a, 8, true, out, 4);
        ASSERT_EQ(n, 1u);
        out[0]->mu.Lock();
        ++counters[r % 16];
        out[0]->mu.Unlock();
        if (r < 16) seen[t].push_back(out[0]);
      }
    });
  }
  for (auto &th : threads) th.join();
  long total = 0;
  for (long c : counters) total += c;
  EXPECT_EQ(total, kThreads * kRounds);
  for (int t = 1; t < kThreads; ++t) EXPECT_EQ(seen[t], seen[0]);
  DestroySyncVarsInRange(base, 128);
}

}  // namespace
}  // namespace rl_test
