// Tests of the per-thread synchronization history (runtime/sync_history.h): records come back
// oldest first with their indices, the ring keeps the last kEntries, identical consecutive
// atomics are counted in one record, and a reader copying the ring while its owner records
// never sees a torn record. Also built with -fsanitize=thread (runtime_unit_tsan).
#include "sync_history.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace rl_test {
namespace {

using rl::SyncEventKind;
using rl::SyncEventRecord;
using rl::SyncHistory;
using rl::u32;
using rl::u64;
using rl::uptr;

rl_site g_sites[4] = {};

TEST(SyncHistory, EmptyHistoryHasNothing) {
  SyncHistory *h = rl::NewSyncHistory();
  SyncEventRecord out[SyncHistory::kEntries];
  u64 total = 99;
  EXPECT_EQ(h->Snapshot(out, SyncHistory::kEntries, &total), 0u);
  EXPECT_EQ(total, 0u);
  rl::FreeSyncHistory(h);
}

TEST(SyncHistory, RecordsComeBackOldestFirst) {
  SyncHistory *h = rl::NewSyncHistory();
  h->Record(SyncEventKind::kLock, 1, 3, 0, 0x1000, &g_sites[0], 5, 42);
  h->Record(SyncEventKind::kUnlock, 1, 3, 0, 0x1000, &g_sites[1], 6, 42);
  h->Record(SyncEventKind::kCreate, 0, 3, 7, 0, &g_sites[2], 7, 0);
  SyncEventRecord out[SyncHistory::kEntries];
  u64 total = 0;
  ASSERT_EQ(h->Snapshot(out, SyncHistory::kEntries, &total), 3u);
  EXPECT_EQ(total, 3u);
  EXPECT_EQ(out[0].index, 0u);
  EXPECT_EQ(out[0].kind, SyncEventKind::kLock);
  EXPECT_EQ(out[0].lock_type, 1);
  EXPECT_EQ(out[0].slot, 3u);
  EXPECT_EQ(out[0].object, uptr(0x1000));
  EXPECT_EQ(out[0].site, &g_sites[0]);
  EXPECT_EQ(out[0].epoch, 5u);
  EXPECT_EQ(out[0].lock_id, 42u);
  EXPECT_EQ(out[0].count, 1u);
  EXPECT_EQ(out[1].kind, SyncEventKind::kUnlock);
  EXPECT_EQ(out[1].epoch, 6u);
  EXPECT_EQ(out[2].kind, SyncEventKind::kCreate);
  EXPECT_EQ(out[2].other, 7u);
  EXPECT_EQ(out[2].index, 2u);
  rl::FreeSyncHistory(h);
}

TEST(SyncHistory, KeepsTheLastEntriesWhenFull) {
  SyncHistory *h = rl::NewSyncHistory();
  const u64 n = SyncHistory::kEntries * 3 + 5;
  for (u64 i = 0; i < n; ++i)
    h->Record(i % 2 ? SyncEventKind::kUnlock : SyncEventKind::kLock, 1, 0, 0, 0x2000, nullptr,
              i + 1, 9);
  SyncEventRecord out[SyncHistory::kEntries];
  u64 total = 0;
  ASSERT_EQ(h->Snapshot(out, SyncHistory::kEntries, &total), SyncHistory::kEntries);
  EXPECT_EQ(total, n);
  for (u32 i = 0; i < SyncHistory::kEntries; ++i) {
    EXPECT_EQ(out[i].index, n - SyncHistory::kEntries + i);
    EXPECT_EQ(out[i].epoch, out[i].index + 1);
  }
  // A smaller buffer gets the oldest kept ones.
  ASSERT_EQ(h->Snapshot(out, 4, &total), 4u);
  EXPECT_EQ(out[0].index, n - SyncHistory::kEntries);
  rl::FreeSyncHistory(h);
}

TEST(SyncHistory, IdenticalConsecutiveAtomicsAreCounted) {
  SyncHistory *h = rl::NewSyncHistory();
  for (u64 e = 10; e < 20; ++e)
    h->Record(SyncEventKind::kAtomicAcquire, 0, 0, 0, 0x3000, &g_sites[0], e, 0);
  // A different site, then the first again: three records.
  h->Record(SyncEventKind::kAtomicAcquire, 0, 0, 0, 0x3000, &g_sites[1], 20, 0);
  h->Record(SyncEventKind::kAtomicAcquire, 0, 0, 0, 0x3000, &g_sites[0], 21, 0);
  // Locks are never merged.
  h->Record(SyncEventKind::kLock, 1, 0, 0, 0x4000, &g_sites[2], 21, 5);
  h->Record(SyncEventKind::kLock, 1, 0, 0, 0x4000, &g_sites[2], 21, 5);
  SyncEventRecord out[SyncHistory::kEntries];
  u64 total = 0;
  ASSERT_EQ(h->Snapshot(out, SyncHistory::kEntries, &total), 5u);
  EXPECT_EQ(total, 5u);
  EXPECT_EQ(out[0].count, 10u);
  EXPECT_EQ(out[0].epoch, 10u);
  EXPECT_EQ(out[0].last_epoch, 19u);
  EXPECT_EQ(out[1].count, 1u);
  EXPECT_EQ(out[1].site, &g_sites[1]);
  EXPECT_EQ(out[2].count, 1u);
  EXPECT_EQ(out[3].kind, SyncEventKind::kLock);
  EXPECT_EQ(out[3].lock_id, 5u);
  EXPECT_EQ(out[4].kind, SyncEventKind::kLock);
  rl::FreeSyncHistory(h);
}

TEST(SyncHistory, NamesAndTicks) {
  EXPECT_STREQ(rl::SyncEventKindName(SyncEventKind::kCondWait), "cond-wait");
  EXPECT_STREQ(rl::SyncEventKindName(SyncEventKind::kAtomicAcqRel), "atomic-acq-rel");
  EXPECT_TRUE(rl::SyncEventKindTicks(SyncEventKind::kUnlock));
  EXPECT_TRUE(rl::SyncEventKindTicks(SyncEventKind::kCondWait));
  EXPECT_FALSE(rl::SyncEventKindTicks(SyncEventKind::kLock));
  EXPECT_FALSE(rl::SyncEventKindTicks(SyncEventKind::kCondSignal));
}

// The owner records while another thread copies: every copied record is whole (its fields
// all derive from its index) and the copies' indices increase.
TEST(SyncHistory, ConcurrentSnapshotsSeeWholeRecords) {
  SyncHistory *h = rl::NewSyncHistory();
  std::atomic<bool> done{false};
  const u64 n = 1000000;
  std::thread owner([&] {
    for (u64 i = 0; i < n; ++i) {
      // Four locks, then four identical atomics (the last three update the newest record in
      // place).
      if (i % 8 < 4) {
        h->Record(SyncEventKind::kLock, 1, u32(i & 0xff), u32(i), uptr(i * 16), nullptr, i, i * 3);
      } else {
        h->Record(SyncEventKind::kAtomicRelease, 0, 0, 0, 0x40, nullptr, i, 0);
      }
    }
    done.store(true);
  });
  std::vector<SyncEventRecord> out(SyncHistory::kEntries);
  u64 snapshots = 0, records = 0;
  while (!done.load() || snapshots < 10) {
    u64 total = 0;
    u32 got = h->Snapshot(out.data(), SyncHistory::kEntries, &total);
    ++snapshots;
    records += got;
    for (u32 k = 0; k < got; ++k) {
      const SyncEventRecord &r = out[k];
      ASSERT_LT(r.index, total);
      if (k) {
        ASSERT_GT(r.index, out[k - 1].index);
      }
      if (r.kind == SyncEventKind::kLock) {
        u64 i = r.epoch;
        ASSERT_EQ(r.other, 0u);  // kept for create and join only
        ASSERT_EQ(r.object, uptr(i * 16));
        ASSERT_EQ(r.lock_id, i * 3);
        ASSERT_EQ(r.slot, u32(i & 0xff));
      } else {
        ASSERT_EQ(r.kind, SyncEventKind::kAtomicRelease);
        ASSERT_EQ(r.object, uptr(0x40));
        ASSERT_EQ(r.epoch % 8, 4u);
        ASSERT_GE(r.count, 1u);
        ASSERT_LE(r.count, 4u);
        ASSERT_EQ(r.last_epoch, r.epoch + r.count - 1);
      }
    }
  }
  owner.join();
  // Every snapshot taken while the owner wrote may have dropped all it copied (a fast
  // writer overwrites what a reader is copying): one more, quiet, must see the ring.
  // (Without it the test failed once in a loaded CI run: records 0.)
  {
    u64 total = 0;
    records += h->Snapshot(out.data(), SyncHistory::kEntries, &total);
  }
  EXPECT_GT(records, 0u);
  rl::FreeSyncHistory(h);
}

}  // namespace
}  // namespace rl_test
