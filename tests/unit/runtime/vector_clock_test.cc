// Tests of rl::VectorClock (runtime/vector_clock.h).
#include "vector_clock.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

namespace rl_test {
namespace {

using rl::u32;
using rl::u64;
using rl::VectorClock;

// Entries 0..n-1 of `vc`, to compare with an expected vector.
std::vector<u64> Entries(const VectorClock &vc, u32 n) {
  std::vector<u64> v;
  for (u32 i = 0; i < n; ++i) v.push_back(vc.Get(i));
  return v;
}

void SetAll(VectorClock *vc, const std::vector<u64> &values) {
  for (u32 i = 0; i < values.size(); ++i) vc->Set(i, values[i]);
}

TEST(VectorClock, SwapExchangesContentsAndSizes) {
  VectorClock a, b;
  SetAll(&a, {1, 2, 3, 4, 5});
  SetAll(&b, {9});
  a.Swap(b);
  EXPECT_EQ(a.Size(), 1u);
  EXPECT_EQ(b.Size(), 5u);
  EXPECT_EQ(Entries(a, 6), (std::vector<u64>{9, 0, 0, 0, 0, 0}));
  EXPECT_EQ(Entries(b, 6), (std::vector<u64>{1, 2, 3, 4, 5, 0}));
  // Both stay usable: growing one past its size keeps the zero invariant.
  a.Set(3, 7);
  EXPECT_EQ(Entries(a, 5), (std::vector<u64>{9, 0, 0, 7, 0}));
  b.CopyFrom(a);
  EXPECT_EQ(Entries(b, 6), (std::vector<u64>{9, 0, 0, 7, 0, 0}));
}

TEST(VectorClock, EmptyClockReadsZero) {
  VectorClock vc;
  EXPECT_EQ(vc.Size(), 0u);
  for (u32 slot : {0u, 1u, 7u, 8u, 1000u, 65535u, 0xffffffffu}) EXPECT_EQ(vc.Get(slot), 0u);
}

TEST(VectorClock, SetGrowsAndKeepsEarlierEntries) {
  VectorClock vc;
  vc.Set(0, 5);
  EXPECT_EQ(vc.Size(), 1u);
  EXPECT_EQ(vc.Get(0), 5u);
  EXPECT_EQ(vc.Get(1), 0u);

  vc.Set(3, 7);
  EXPECT_EQ(vc.Size(), 4u);
  EXPECT_EQ(Entries(vc, 6), (std::vector<u64>{5, 0, 0, 7, 0, 0}));

  // Past the initial capacity (8), across several doublings.
  vc.Set(8, 9);
  vc.Set(100, 11);
  vc.Set(1000, 13);
  EXPECT_EQ(vc.Size(), 1001u);
  EXPECT_EQ(vc.Get(0), 5u);
  EXPECT_EQ(vc.Get(3), 7u);
  EXPECT_EQ(vc.Get(8), 9u);
  EXPECT_EQ(vc.Get(100), 11u);
  EXPECT_EQ(vc.Get(1000), 13u);
  for (u32 i = 0; i <= 1001; ++i)
    if (i != 0 && i != 3 && i != 8 && i != 100 && i != 1000) {
      ASSERT_EQ(vc.Get(i), 0u) << i;
    }

  // Setting a lower slot never shrinks; overwriting works, including to 0.
  vc.Set(2, 1);
  vc.Set(1000, 0);
  EXPECT_EQ(vc.Size(), 1001u);
  EXPECT_EQ(vc.Get(2), 1u);
  EXPECT_EQ(vc.Get(1000), 0u);
}

TEST(VectorClock, LargeValuesAndTheLastSlot) {
  VectorClock vc;
  vc.Set(65535, VectorClock::kMaxEntry);
  EXPECT_EQ(vc.Size(), 65536u);
  EXPECT_EQ(vc.Get(65535), VectorClock::kMaxEntry);
  EXPECT_EQ(vc.Get(65534), 0u);
  EXPECT_EQ(vc.Get(65536), 0u);
}

TEST(VectorClock, SetMatchesAModel) {
  std::mt19937 rng(12345);
  VectorClock vc;
  std::map<u32, u64> model;
  for (int i = 0; i < 5000; ++i) {
    u32 slot = rng() % 300;
    u64 value = rng() % (VectorClock::kMaxEntry + 1);
    vc.Set(slot, value);
    model[slot] = value;
  }
  u32 max_slot = model.rbegin()->first;
  EXPECT_EQ(vc.Size(), max_slot + 1);
  for (u32 s = 0; s < 310; ++s) ASSERT_EQ(vc.Get(s), model.count(s) ? model[s] : 0) << s;
}

TEST(VectorClock, JoinTakesTheMaximum) {
  VectorClock a, b;
  SetAll(&a, {1, 5, 3, 0});
  SetAll(&b, {4, 2, 3, 9});
  a.Join(b);
  EXPECT_EQ(Entries(a, 5), (std::vector<u64>{4, 5, 3, 9, 0}));
  EXPECT_EQ(Entries(b, 5), (std::vector<u64>{4, 2, 3, 9, 0}));  // unchanged
}

TEST(VectorClock, JoinWithALargerClockGrows) {
  VectorClock small, large;
  SetAll(&small, {7, 1});
  SetAll(&large, {3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6});
  small.Join(large);
  EXPECT_EQ(small.Size(), 12u);
  EXPECT_EQ(Entries(small, 13), (std::vector<u64>{7, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0}));
}

TEST(VectorClock, JoinWithASmallerClockKeepsTheTail) {
  VectorClock small, large;
  SetAll(&small, {7, 1});
  SetAll(&large, {3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 6});
  large.Join(small);
  EXPECT_EQ(large.Size(), 12u);
  EXPECT_EQ(Entries(large, 13), (std::vector<u64>{7, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0}));
}

TEST(VectorClock, JoinWithEmptyAndSelf) {
  VectorClock a, empty;
  SetAll(&a, {1, 2, 3});
  a.Join(empty);
  EXPECT_EQ(Entries(a, 4), (std::vector<u64>{1, 2, 3, 0}));
  a.Join(a);
  EXPECT_EQ(Entries(a, 4), (std::vector<u64>{1, 2, 3, 0}));
  empty.Join(a);
  EXPECT_EQ(Entries(empty, 4), (std::vector<u64>{1, 2, 3, 0}));
}

TEST(VectorClock, JoinIsCommutativeAssociativeIdempotent) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    // Sizes past 8 and 16 take the vector loop and its scalar tail; values reach the
    // largest entry, where a signed 16-bit maximum would first go wrong.
    std::vector<u64> x(rng() % 20), y(rng() % 20), z(rng() % 20);
    for (auto *v : {&x, &y, &z})
      for (u64 &e : *v) e = rng() % 3 ? rng() % 10 : VectorClock::kMaxEntry - rng() % 2;
    VectorClock a, b, c;
    SetAll(&a, x);
    SetAll(&b, y);
    SetAll(&c, z);
    // (a join b) join c
    VectorClock l;
    l.Join(a);
    l.Join(b);
    l.Join(c);
    // c join (b join a), joined twice
    VectorClock r;
    r.CopyFrom(c);
    VectorClock ba;
    ba.CopyFrom(b);
    ba.Join(a);
    r.Join(ba);
    r.Join(ba);
    EXPECT_EQ(Entries(l, 21), Entries(r, 21));
    for (u32 i = 0; i < 21; ++i)
      ASSERT_EQ(l.Get(i), std::max({a.Get(i), b.Get(i), c.Get(i)}));
    // The join is an upper bound.
    EXPECT_TRUE(a.LessOrEqual(l));
    EXPECT_TRUE(b.LessOrEqual(l));
    EXPECT_TRUE(c.LessOrEqual(l));
  }
}

// Regression: Join with 16-bit entries, eight at a time, against a model, on clocks as
// wide as a thread clock (256 slots) and wider.
TEST(VectorClock, JoinOfWideClocksMatchesAModel) {
  std::mt19937 rng(99);
  for (int round = 0; round < 300; ++round) {
    std::vector<u64> x(rng() % 300), y(rng() % 300);
    for (auto *v : {&x, &y})
      for (u64 &e : *v) e = rng() % (VectorClock::kMaxEntry + 1);
    VectorClock a, b;
    SetAll(&a, x);
    SetAll(&b, y);
    a.Join(b);
    ASSERT_EQ(a.Size(), std::max(x.size(), y.size()));
    for (u32 i = 0; i < 301; ++i) {
      u64 want = std::max(i < x.size() ? x[i] : 0, i < y.size() ? y[i] : 0);
      ASSERT_EQ(a.Get(i), want) << "round " << round << " slot " << i;
    }
  }
}

TEST(VectorClock, CopyFromGrowing) {
  VectorClock dst, src;
  SetAll(&dst, {9});
  SetAll(&src, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  dst.CopyFrom(src);
  EXPECT_EQ(dst.Size(), 10u);
  EXPECT_EQ(Entries(dst, 11), Entries(src, 11));
}

TEST(VectorClock, CopyFromShrinkingZeroesTheTail) {
  VectorClock dst, src;
  SetAll(&dst, {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
  SetAll(&src, {1, 2, 3});
  dst.CopyFrom(src);
  // Storage never shrinks, but every entry past the source's is 0.
  EXPECT_GE(dst.Size(), 3u);
  EXPECT_EQ(Entries(dst, 25), Entries(src, 25));
  // The copy is a real copy: equal both ways.
  EXPECT_TRUE(dst.LessOrEqual(src));
  EXPECT_TRUE(src.LessOrEqual(dst));
  // And independent of the source.
  src.Set(1, 100);
  EXPECT_EQ(dst.Get(1), 2u);
  // Later growth of dst exposes zeros, not stale 9s.
  dst.Set(30, 1);
  for (u32 i = 3; i < 30; ++i) ASSERT_EQ(dst.Get(i), 0u) << i;
}

TEST(VectorClock, CopyFromEmptyAndSelf) {
  VectorClock dst, empty;
  SetAll(&dst, {4, 5, 6});
  dst.CopyFrom(dst);
  EXPECT_EQ(Entries(dst, 4), (std::vector<u64>{4, 5, 6, 0}));
  dst.CopyFrom(empty);
  EXPECT_EQ(Entries(dst, 4), (std::vector<u64>{0, 0, 0, 0}));
  EXPECT_TRUE(dst.LessOrEqual(empty));
}

TEST(VectorClock, LessOrEqual) {
  VectorClock a, b;
  EXPECT_TRUE(a.LessOrEqual(b));  // empty <= empty
  SetAll(&a, {1, 2, 3});
  SetAll(&b, {1, 2, 3});
  EXPECT_TRUE(a.LessOrEqual(b));
  EXPECT_TRUE(b.LessOrEqual(a));
  b.Set(1, 5);
  EXPECT_TRUE(a.LessOrEqual(b));
  EXPECT_FALSE(b.LessOrEqual(a));
  a.Set(2, 4);  // now concurrent
  EXPECT_FALSE(a.LessOrEqual(b));
  EXPECT_FALSE(b.LessOrEqual(a));
}

TEST(VectorClock, LessOrEqualWithDifferentSizes) {
  VectorClock shortc, longc, empty;
  SetAll(&shortc, {2, 2});
  SetAll(&longc, {2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  // Trailing zeros do not matter either way.
  EXPECT_TRUE(shortc.LessOrEqual(longc));
  EXPECT_TRUE(longc.LessOrEqual(shortc));
  longc.Set(11, 1);
  EXPECT_TRUE(shortc.LessOrEqual(longc));
  EXPECT_FALSE(longc.LessOrEqual(shortc));
  EXPECT_TRUE(empty.LessOrEqual(shortc));
  EXPECT_FALSE(shortc.LessOrEqual(empty));
  // A clock of zeros is <= the empty clock.
  VectorClock zeros;
  SetAll(&zeros, {0, 0, 0, 0, 0});
  EXPECT_TRUE(zeros.LessOrEqual(empty));
  EXPECT_TRUE(empty.LessOrEqual(zeros));
}

TEST(VectorClock, ClearZeroesEverything) {
  VectorClock vc;
  SetAll(&vc, {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5});
  vc.Clear();
  for (u32 i = 0; i < 20; ++i) EXPECT_EQ(vc.Get(i), 0u) << i;
  VectorClock empty;
  EXPECT_TRUE(vc.LessOrEqual(empty));
  // Reusable after Clear.
  vc.Set(4, 8);
  EXPECT_EQ(vc.Get(4), 8u);
  EXPECT_EQ(vc.Get(3), 0u);
  // Clearing an empty clock is fine.
  empty.Clear();
  EXPECT_EQ(empty.Get(0), 0u);
}

}  // namespace
}  // namespace rl_test

// Clock eras (clock_reset.h): after the era advances, every clock of the old era reads as
// empty, is emptied before it is written, and gives nothing to a Join or a copy.
TEST(VectorClock, ClocksOfAnEarlierEraReadAsEmpty) {
  rl::VectorClock old_a, old_b, fresh;
  old_a.Set(3, 40);
  old_a.Set(7, 9);
  old_b.Set(3, 5);
  const rl::u32 era = rl::g_clock_era.load();
  rl::g_clock_era.store(era + 1);
  EXPECT_FALSE(old_a.InCurrentEra());
  EXPECT_EQ(old_a.Get(3), 0u);
  EXPECT_EQ(old_a.Get(7), 0u);
  EXPECT_TRUE(old_a.LessOrEqual(fresh));  // empty <= anything
  // A join from an old clock gives nothing; into an old clock, it first empties it.
  fresh.Set(1, 2);
  fresh.Join(old_a);
  EXPECT_EQ(fresh.Get(3), 0u);
  EXPECT_EQ(fresh.Get(1), 2u);
  old_b.Join(fresh);
  EXPECT_TRUE(old_b.InCurrentEra());
  EXPECT_EQ(old_b.Get(3), 0u);  // the old era's 5 is gone
  EXPECT_EQ(old_b.Get(1), 2u);
  // Set on an old clock keeps only the new entry; a copy of an old clock is empty.
  old_a.Set(2, 1);
  EXPECT_EQ(old_a.Get(2), 1u);
  EXPECT_EQ(old_a.Get(7), 0u);
  rl::VectorClock old_c;
  old_c.Set(4, 4);
  rl::g_clock_era.store(era + 2);
  rl::VectorClock copy;
  copy.Set(4, 8);
  copy.CopyFrom(old_c);
  EXPECT_TRUE(copy.InCurrentEra());
  EXPECT_EQ(copy.Get(4), 0u);
  rl::g_clock_era.store(era);  // other tests run in the first era
}
