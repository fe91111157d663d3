// Tests of the per-slot access history (runtime/access_history.h): an appended access is
// found by (slot, clock, granule, kind, bytes), the newest on the bytes asked for first;
// whole-granule accesses of one site in a row share an entry; the ring forgets the oldest
// accesses once it wraps; a lookup never returns an access that was not appended (checked
// with a concurrent writer: every site id encodes its entry's granule and clock); a retired
// ring serves another slot and answers nothing for its old one, even to a lookup that
// races with the retirement. Also built with -fsanitize=thread (runtime_unit_tsan).
#include "access_history.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace rl_test {
namespace {

using rl::AllocSlotHistory;
using rl::AppendHistory;
using rl::FindInHistory;
using rl::HistoryAccess;
using rl::RetireSlotHistory;
using rl::SlotHistory;
using rl::u32;
using rl::u64;
using rl::uptr;

constexpr u32 kWrite = 1, kRead = 0;

// Each test uses slots of its own (below shadow::kMaxSlots, 256): histories live as long
// as the process.
TEST(AccessHistory, UnusedSlotFindsNothing) {
  HistoryAccess out;
  EXPECT_FALSE(FindInHistory(201, 1, 0x1000, kWrite, 0xff, 0xff, &out, nullptr));
}

TEST(AccessHistory, FindsEachAccessByEpochGranuleAndKind) {
  SlotHistory *h = AllocSlotHistory(202);
  ASSERT_EQ(h, AllocSlotHistory(202));  // one ring per slot
  AppendHistory(h, 0x1000, kWrite, 0x0f, 11, 5);
  AppendHistory(h, 0x1008, kRead, 0xff, 12, 5);
  AppendHistory(h, 0x1000, kWrite, 0xf0, 13, 5);  // same granule, other half, other site
  AppendHistory(h, 0x1000, kWrite, 0x0f, 14, 7);  // a later epoch
  HistoryAccess out;
  // The bytes asked for choose between the two halves of epoch 5.
  ASSERT_TRUE(FindInHistory(202, 5, 0x1000, kWrite, 0xff, 0x01, &out, nullptr));
  EXPECT_EQ(out.site_id, 11u);
  EXPECT_EQ(out.mask, 0x0fu);
  ASSERT_TRUE(FindInHistory(202, 5, 0x1000, kWrite, 0xff, 0x80, &out, nullptr));
  EXPECT_EQ(out.site_id, 13u);
  EXPECT_EQ(out.mask, 0xf0u);
  ASSERT_TRUE(FindInHistory(202, 7, 0x1000, kWrite, 0x0f, 0x0f, &out, nullptr));
  EXPECT_EQ(out.site_id, 14u);
  ASSERT_TRUE(FindInHistory(202, 5, 0x1008, kRead, 0xff, 0x10, &out, nullptr));
  EXPECT_EQ(out.site_id, 12u);
  // Wrong kind, epoch or granule: nothing.
  EXPECT_FALSE(FindInHistory(202, 5, 0x1008, kWrite, 0xff, 0xff, &out, nullptr));
  EXPECT_FALSE(FindInHistory(202, 6, 0x1000, kWrite, 0xff, 0xff, &out, nullptr));
  EXPECT_FALSE(FindInHistory(202, 5, 0x1010, kWrite, 0xff, 0xff, &out, nullptr));
  // Bytes outside the wanted ones but inside the cell's: the newest such access.
  ASSERT_TRUE(FindInHistory(202, 7, 0x1000, kWrite, 0x0f, 0xf0, &out, nullptr));
  EXPECT_EQ(out.site_id, 14u);
}

TEST(AccessHistory, WholeGranuleRunsShareAnEntry) {
  SlotHistory *h = AllocSlotHistory(203);
  for (uptr g = 0x2000; g < 0x2000 + 100 * 8; g += 8) AppendHistory(h, g, kWrite, 0xff, 21, 3);
  EXPECT_EQ(h->head.load(), 1u);
  HistoryAccess out;
  for (uptr g = 0x2000; g < 0x2000 + 100 * 8; g += 8) {
    ASSERT_TRUE(FindInHistory(203, 3, g, kWrite, 0xff, 0xff, &out, nullptr)) << g;
    EXPECT_EQ(out.site_id, 21u);
  }
  EXPECT_FALSE(FindInHistory(203, 3, 0x2000 + 100 * 8, kWrite, 0xff, 0xff, &out, nullptr));
  // Another site, a gap, a partial granule or another epoch starts a new entry.
  AppendHistory(h, 0x2000 + 100 * 8, kWrite, 0xff, 22, 3);
  AppendHistory(h, 0x2000 + 102 * 8, kWrite, 0xff, 22, 3);
  AppendHistory(h, 0x2000 + 103 * 8, kWrite, 0x0f, 22, 3);
  AppendHistory(h, 0x2000 + 104 * 8, kWrite, 0xff, 22, 4);
  EXPECT_EQ(h->head.load(), 5u);
  // A run stops at kHistoryMaxRun extra granules.
  SlotHistory *h2 = AllocSlotHistory(204);
  for (uptr i = 0; i < rl::kHistoryMaxRun + 2; ++i) AppendHistory(h2, 0x8000 + i * 8, kRead, 0xff, 1, 1);
  EXPECT_EQ(h2->head.load(), 2u);
}

TEST(AccessHistory, ForgetsTheOldestOnceItWraps) {
  SlotHistory *h = AllocSlotHistory(205);
  const u64 n = h->size_mask + 1;
  EXPECT_EQ(n, rl::HistoryEntriesPerSlot());
  // n + 10 accesses in 4 epochs, each in a granule of its own (16 bytes apart: no runs).
  for (u64 i = 0; i < n + 10; ++i)
    AppendHistory(h, 0x100000 + i * 16, kWrite, 0x01, u32(i + 1), 1 + i / (n / 2));
  HistoryAccess out;
  // The ring answers for its last n - 1 entries: 0..10 are gone (10 is the entry the next
  // append overwrites), 11..n+9 are there.
  for (u64 i : {u64{0}, u64{5}, u64{9}, u64{10}})
    EXPECT_FALSE(FindInHistory(205, 1 + i / (n / 2), 0x100000 + i * 16, kWrite, 0x01, 0x01,
                               &out, nullptr))
        << i;
  for (u64 i : {u64{11}, n / 2 - 1, n / 2, n, n + 9}) {
    ASSERT_TRUE(FindInHistory(205, 1 + i / (n / 2), 0x100000 + i * 16, kWrite, 0x01, 0x01,
                              &out, nullptr))
        << i;
    EXPECT_EQ(out.site_id, u32(i + 1));
  }
}

TEST(AccessHistory, HintFindsNeighboursAndIsUpdated) {
  SlotHistory *h = AllocSlotHistory(206);
  for (u64 i = 0; i < 1000; ++i) AppendHistory(h, 0x300000 + i * 16, kRead, 0x03, u32(i + 1), 9);
  u64 hint = 0;
  HistoryAccess out;
  ASSERT_TRUE(FindInHistory(206, 9, 0x300000 + 500 * 16, kRead, 0x03, 0x03, &out, &hint));
  EXPECT_EQ(out.site_id, 501u);
  EXPECT_EQ(hint, 500u);
  ASSERT_TRUE(FindInHistory(206, 9, 0x300000 + 501 * 16, kRead, 0x03, 0x03, &out, &hint));
  EXPECT_EQ(out.site_id, 502u);
  EXPECT_EQ(hint, 501u);
  // A hint far away still finds the entry (the full search follows).
  hint = 10;
  ASSERT_TRUE(FindInHistory(206, 9, 0x300000 + 900 * 16, kRead, 0x03, 0x03, &out, &hint));
  EXPECT_EQ(out.site_id, 901u);
}

// One writer appends while readers look up: every answer must be an access that was
// appended. Site ids are a function of granule and clock, so a torn entry would show.
u32 SiteFor(uptr granule, u64 clock) { return u32((granule >> 4) * 31 + clock * 7 + 1); }

TEST(AccessHistory, ConcurrentLookupsNeverSeeTornEntries) {
  const u32 slot = 207;
  SlotHistory *h = AllocSlotHistory(slot);
  const u64 n = h->size_mask + 1;
  const u64 total = 3 * n;
  std::atomic<u64> written{0}, lookups{0};
  std::atomic<bool> done{false};
  std::thread writer([&] {
    // At least 3 laps of the ring, and on until the readers have looked up enough (so the
    // test cannot pass by having the writer finish before they start).
    for (u64 i = 0; i < total || lookups.load(std::memory_order_relaxed) < 20000; ++i) {
      uptr granule = 0x400000 + (i % 5000) * 16;
      u64 clock = 1 + i / 1000;
      AppendHistory(h, granule, kWrite, 0x01, SiteFor(granule, clock), clock);
      written.store(i + 1, std::memory_order_release);
    }
    done.store(true);
  });
  std::atomic<u64> found{0}, wrong{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&, r] {
      u64 x = 12345 + r, hint = 0;
      while (!done.load()) {
        u64 w = written.load(std::memory_order_acquire);
        if (!w) continue;
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        u64 i = w - 1 - (x >> 33) % (w < 2 * n ? w : 2 * n);  // recent, or already lost
        uptr granule = 0x400000 + (i % 5000) * 16;
        u64 clock = 1 + i / 1000;
        HistoryAccess out;
        lookups.fetch_add(1, std::memory_order_relaxed);
        if (FindInHistory(slot, clock, granule, kWrite, 0x01, 0x01, &out, &hint)) {
          found.fetch_add(1);
          if (out.site_id != SiteFor(granule, clock) || out.mask != 0x01) wrong.fetch_add(1);
        }
      }
    });
  }
  writer.join();
  for (auto &t : readers) t.join();
  EXPECT_EQ(wrong.load(), 0u);
  EXPECT_GT(found.load(), 0u);
}

// A ring that a slot gives up (its thread moved on: RetireSlotHistory) is the next one a
// slot without a ring gets, and it no longer answers for the slot that gave it up, nor does
// that slot's new holder see the old entries. (This is the first retirement in the test
// process, so the retired ring is the only one free.)
TEST(AccessHistory, RetiredRingServesTheNextSlotAndForgetsItsOwner) {
  SlotHistory *h = AllocSlotHistory(208);
  AppendHistory(h, 0x5000, kWrite, 0xff, 81, 3);
  HistoryAccess out;
  ASSERT_TRUE(FindInHistory(208, 3, 0x5000, kWrite, 0xff, 0xff, &out, nullptr));
  RetireSlotHistory(208);
  EXPECT_FALSE(FindInHistory(208, 3, 0x5000, kWrite, 0xff, 0xff, &out, nullptr));
  SlotHistory *next = AllocSlotHistory(209);
  EXPECT_EQ(next, h);  // reused, not mapped again
  // The same (clock, granule) in the new slot: only the new slot's own entry answers.
  EXPECT_FALSE(FindInHistory(209, 3, 0x5000, kWrite, 0xff, 0xff, &out, nullptr));
  AppendHistory(next, 0x5000, kWrite, 0xff, 91, 3);
  ASSERT_TRUE(FindInHistory(209, 3, 0x5000, kWrite, 0xff, 0xff, &out, nullptr));
  EXPECT_EQ(out.site_id, 91u);
  EXPECT_FALSE(FindInHistory(208, 3, 0x5000, kWrite, 0xff, 0xff, &out, nullptr));
  // The slot that gave its ring up gets another when it is used again.
  SlotHistory *again = AllocSlotHistory(208);
  ASSERT_NE(again, nullptr);
  EXPECT_NE(again, next);
  EXPECT_FALSE(FindInHistory(208, 3, 0x5000, kWrite, 0xff, 0xff, &out, nullptr));
  RetireSlotHistory(209);
  RetireSlotHistory(208);
  RetireSlotHistory(208);  // (a slot without a ring: nothing happens)
}

// One ring passes back and forth between two slots, each time filled with entries of the
// same clocks and granules but the site ids of its new slot, while readers look up one of
// the slots: an answer must never be an entry of the other slot (FindInHistory checks that
// the slot still has the ring after reading its bounds). The window is a few instructions
// wide, so a run without that check rarely fails; the test is also there for the TSan build,
// which checks the hand-over of rings between threads.
TEST(AccessHistory, LookupsRacingWithRetirementNeverSeeAnotherSlotsEntries) {
  const u32 kA = 210, kB = 211;
  auto site_of = [](u32 slot, uptr granule, u64 clock) {
    return SiteFor(granule, clock) + (slot == kB ? 1000000u : 0u);
  };
  std::atomic<bool> done{false};
  std::atomic<u64> lookups{0};
  std::thread mover([&] {
    for (int lap = 0; lap < 400 || lookups.load(std::memory_order_relaxed) < 200000; ++lap) {
      const u32 slot = lap % 2 ? kB : kA;
      SlotHistory *h = AllocSlotHistory(slot);
      for (u64 i = 0; i < 200; ++i) {
        uptr granule = 0x600000 + (i % 50) * 16;
        u64 clock = 1 + i / 50;
        AppendHistory(h, granule, kWrite, 0x01, site_of(slot, granule, clock), clock);
      }
      RetireSlotHistory(slot);
    }
    done.store(true);
  });
  std::atomic<u64> found{0}, wrong{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&, r] {
      u64 x = 777 + r;
      while (!done.load()) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        u64 i = (x >> 33) % 200;
        uptr granule = 0x600000 + (i % 50) * 16;
        u64 clock = 1 + i / 50;
        HistoryAccess out;
        lookups.fetch_add(1, std::memory_order_relaxed);
        if (FindInHistory(kA, clock, granule, kWrite, 0x01, 0x01, &out, nullptr)) {
          found.fetch_add(1);
          if (out.site_id != site_of(kA, granule, clock)) wrong.fetch_add(1);
        }
      }
    });
  }
  mover.join();
  for (auto &t : readers) t.join();
  EXPECT_EQ(wrong.load(), 0u);
  EXPECT_GT(lookups.load(), 0u);
}

}  // namespace
}  // namespace rl_test
