// Tests of the shadow cell encoding (runtime/shadow_encoding.h).
#include "shadow_encoding.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace rl_test {
namespace {

using namespace rl::shadow;

// --- Static layout facts -----------------------------------------------------------------

static_assert(kGranuleSize == 8, "8-byte granules");
static_assert(kCellsPerGranule == 4, "four cells per granule");
static_assert(kMaskBits == 8 && kMaskField == 0xff, "mask is the low byte");
static_assert(kWrite == 0x100 && kAtomic == 0x200 && kFree == 0x400, "flag bits 8, 9, 10");
static_assert(kSlotShift == 11 && kSlotBits == 8, "slot at bits 11..18");
static_assert(kClockShift == 19 && kClockBits == 13, "clock at bits 19..31");
static_assert(kMaxSlots == 256, "8-bit slots");
static_assert(kMaxClock == 8191, "13-bit clocks");
static_assert(kSlotField == 0x7f800u, "slot field");
static_assert(kClockField == 0xfff80000u, "clock field");
static_assert(kEpochField == (kSlotField | kClockField), "epoch = slot + clock");
// The fields are pairwise disjoint and together cover all 32 bits.
static_assert((kMaskField & kSlotField) == 0 && (kMaskField & kClockField) == 0 &&
                  (kSlotField & kClockField) == 0,
              "fields are disjoint");
static_assert(((kMaskField | kWrite | kAtomic | kFree) & kEpochField) == 0,
              "flags and mask stay out of the epoch");
static_assert((kMaskField | kWrite | kAtomic | kFree | kSlotField | kClockField) == 0xffffffffu,
              "fields cover the cell");
static_assert(uint64_t{kMaskField} + kWrite + kAtomic + kFree + kSlotField + kClockField ==
                  0xffffffffu,
              "fields do not overlap (sum equals union)");
// Everything is usable in constant expressions.
static_assert(SlotOf(EpochBits(7, 9)) == 7 && ClockOf(EpochBits(7, 9)) == 9, "constexpr");
static_assert(IsEmpty(0) && !IsEmpty(EpochBits(0, 1)), "clock 0 is empty");
static_assert(sizeof(Cell) == 4, "a cell is 32 bits");
static_assert(sizeof(Cell) * kCellsPerGranule == 16, "a granule's cells fill 16 bytes");

TEST(ShadowEncoding, RuntimeLayoutFacts) {
  EXPECT_EQ(kClockShift + kClockBits, 32u);
  EXPECT_EQ(kMaxClock, uint64_t{kClockField >> kClockShift});
  EXPECT_EQ(kMaxSlots - 1, kSlotField >> kSlotShift);
  // Epoch bits with the extreme values fill exactly the epoch field.
  EXPECT_EQ(EpochBits(kMaxSlots - 1, kMaxClock), kEpochField);
  EXPECT_EQ(EpochBits(0, 0), 0u);
  // The exact bits of one cell, written out by hand: slot 0xa5, clock 0x1234, write, mask
  // 0x3c.
  EXPECT_EQ(EpochBits(0xa5, 0x1234) | kWrite | 0x3c,
            (0x1234u << 19) | (0xa5u << 11) | 0x100u | 0x3cu);
  EXPECT_EQ(EpochBits(0xa5, 0x1234) | kWrite | 0x3c, 0x91a5293cu);
}

TEST(ShadowEncoding, MaxValuesDoNotSpill) {
  // The largest slot stays out of the clock and the flags; the largest clock out of the slot.
  EXPECT_EQ(ClockOf(EpochBits(kMaxSlots - 1, 1)), 1u);
  EXPECT_EQ(SlotOf(EpochBits(0, kMaxClock)), 0u);
  EXPECT_EQ(EpochBits(kMaxSlots - 1, 0) & (kMaskField | kWrite | kAtomic | kFree), 0u);
  EXPECT_TRUE(IsEmpty(EpochBits(kMaxSlots - 1, 0)));
  EXPECT_FALSE(IsEmpty(EpochBits(kMaxSlots - 1, 1)));
}

// --- Field round trips -------------------------------------------------------------------

TEST(ShadowEncoding, EpochFieldRoundTrips) {
  const std::vector<uint32_t> slots = {0, 1, 2, 0x55, 0x7f, 0x80, 0xaa, 0xfe, 0xff};
  const std::vector<uint64_t> clocks = {1, 2, 3, 0xff, 0x100, 0x555, 0xaaa, 0xfff, 0x1000,
                                        0x1555, kMaxClock - 1, kMaxClock};
  const std::vector<Cell> flag_sets = {0, kWrite, kAtomic, kFree, kWrite | kAtomic,
                                       kWrite | kFree, kWrite | kAtomic | kFree};
  for (uint32_t slot : slots)
    for (uint64_t clock : clocks)
      for (uint32_t mask : {0x00u, 0x01u, 0x80u, 0x0fu, 0xf0u, 0x3cu, 0xffu})
        for (Cell flags : flag_sets) {
          SCOPED_TRACE(testing::Message() << "slot=" << slot << " clock=" << clock
                                          << " mask=" << mask << " flags=" << flags);
          const Cell c = EpochBits(slot, clock) | mask | flags;
          EXPECT_EQ(SlotOf(c), slot);
          EXPECT_EQ(ClockOf(c), clock);
          EXPECT_EQ(MaskOf(c), mask);
          EXPECT_EQ(IsWrite(c), (flags & kWrite) != 0);
          EXPECT_EQ(IsAtomic(c), (flags & kAtomic) != 0);
          EXPECT_EQ(IsFree(c), (flags & kFree) != 0);
          EXPECT_FALSE(IsEmpty(c));  // clocks start at 1
          EXPECT_EQ(c & kEpochField, EpochBits(slot, clock));
          // WithMask replaces the mask and only the mask.
          for (uint32_t m2 : {0x00u, 0x01u, 0xaau, 0xffu}) {
            const Cell d = WithMask(c, m2);
            EXPECT_EQ(MaskOf(d), m2);
            EXPECT_EQ(d & ~kMaskField, c & ~kMaskField);
          }
        }
}

TEST(ShadowEncoding, WithMaskKeepsOnlyEightBits) {
  const Cell c = EpochBits(3, 4) | kWrite | 0x0f;
  // Bits of `mask` above the mask field must not leak into the flags or the epoch.
  EXPECT_EQ(WithMask(c, 0x1f0u), EpochBits(3, 4) | kWrite | 0xf0);
  EXPECT_EQ(WithMask(c, 0xffffff00u), EpochBits(3, 4) | kWrite);
}

TEST(ShadowEncoding, EmptyCells) {
  EXPECT_TRUE(IsEmpty(0));
  // A cell is empty exactly when its clock is 0, whatever else it holds.
  EXPECT_TRUE(IsEmpty(EpochBits(5, 0) | 0xff | kWrite | kAtomic | kFree));
  EXPECT_FALSE(IsEmpty(EpochBits(0, 1)));
  EXPECT_FALSE(IsEmpty(EpochBits(0, kMaxClock)));
  EXPECT_EQ(MaskOf(0), 0u);
  EXPECT_EQ(SlotOf(0), 0u);
  EXPECT_FALSE(IsWrite(0) || IsAtomic(0) || IsFree(0));
}

TEST(ShadowEncoding, EpochsOrderByClockWithinASlot) {
  // For one slot, a larger clock gives a larger cell (clock is the most significant field),
  // so the runtime may compare same-slot epochs as integers.
  for (uint32_t slot : {0u, 1u, 0xffu})
    for (uint64_t clock = 1; clock < kMaxClock; ++clock)
      ASSERT_LT(EpochBits(slot, clock) | 0xff | kWrite | kAtomic | kFree,
                EpochBits(slot, clock + 1));
}

// --- AccessMask --------------------------------------------------------------------------

TEST(ShadowEncoding, AccessMaskEveryOffsetAndSize) {
  int checked = 0;
  for (unsigned offset = 0; offset < kGranuleSize; ++offset)
    for (unsigned size = 1; offset + size <= kGranuleSize; ++size) {
      uint32_t expected = 0;
      for (unsigned b = offset; b < offset + size; ++b) expected |= 1u << b;
      EXPECT_EQ(AccessMask(offset, size), expected) << "offset=" << offset << " size=" << size;
      // Exactly `size` bits, contiguous, lowest at `offset`.
      EXPECT_EQ(unsigned(__builtin_popcount(AccessMask(offset, size))), size);
      EXPECT_EQ(unsigned(__builtin_ctz(AccessMask(offset, size))), offset);
      EXPECT_EQ(AccessMask(offset, size) & ~kMaskField, 0u);
      ++checked;
    }
  EXPECT_EQ(checked, 36);  // 8 + 7 + ... + 1
}

TEST(ShadowEncoding, AccessMaskKnownValues) {
  EXPECT_EQ(AccessMask(0, 1), 0x01u);
  EXPECT_EQ(AccessMask(7, 1), 0x80u);
  EXPECT_EQ(AccessMask(0, 2), 0x03u);
  EXPECT_EQ(AccessMask(6, 2), 0xc0u);
  EXPECT_EQ(AccessMask(0, 4), 0x0fu);
  EXPECT_EQ(AccessMask(4, 4), 0xf0u);
  EXPECT_EQ(AccessMask(2, 4), 0x3cu);
  EXPECT_EQ(AccessMask(0, 8), 0xffu);
  EXPECT_EQ(AccessMask(1, 7), 0xfeu);
  static_assert(AccessMask(0, 8) == 0xff && AccessMask(3, 3) == 0x38, "constexpr");
}

TEST(ShadowEncoding, AccessMasksOverlapIffByteRangesIntersect) {
  for (unsigned o1 = 0; o1 < 8; ++o1)
    for (unsigned s1 = 1; o1 + s1 <= 8; ++s1)
      for (unsigned o2 = 0; o2 < 8; ++o2)
        for (unsigned s2 = 1; o2 + s2 <= 8; ++s2) {
          const bool intersect = o1 < o2 + s2 && o2 < o1 + s1;
          EXPECT_EQ((AccessMask(o1, s1) & AccessMask(o2, s2)) != 0, intersect);
        }
}

// --- Access kinds ------------------------------------------------------------------------

enum Kind { kR, kW, kAR, kAW };
const char *const kKindNames[] = {"read", "write", "atomic read", "atomic write"};

Cell MakeCell(Kind k, uint32_t slot = 1, uint64_t clock = 1, uint32_t mask = 0xff) {
  Cell c = EpochBits(slot, clock) | mask;
  if (k == kW || k == kAW) c |= kWrite;
  if (k == kAR || k == kAW) c |= kAtomic;
  return c;
}

TEST(ShadowEncoding, KindsConflictTruthTable) {
  // rows: older, columns: newer. A pair conflicts when at least one is a write and they are
  // not both atomic.
  const bool table[4][4] = {
      //           R      W      AR     AW
      /* R  */ {false, true, false, true},
      /* W  */ {true, true, true, true},
      /* AR */ {false, true, false, false},
      /* AW */ {true, true, false, false},
  };
  for (int o = 0; o < 4; ++o)
    for (int n = 0; n < 4; ++n) {
      SCOPED_TRACE(testing::Message() << "older=" << kKindNames[o]
                                      << " newer=" << kKindNames[n]);
      EXPECT_EQ(KindsConflict(MakeCell(Kind(o)), MakeCell(Kind(n))), table[o][n]);
      // Symmetric.
      EXPECT_EQ(KindsConflict(MakeCell(Kind(o)), MakeCell(Kind(n))),
                KindsConflict(MakeCell(Kind(n)), MakeCell(Kind(o))));
      // Only the flags matter: not time, slot, mask or the free bit.
      EXPECT_EQ(KindsConflict(MakeCell(Kind(o), 7, 123, 0x01), MakeCell(Kind(n), 9, 5, 0x80)),
                table[o][n]);
      if (o == kW || o == kAW) {
        EXPECT_EQ(KindsConflict(MakeCell(Kind(o)) | kFree, MakeCell(Kind(n))), table[o][n]);
      }
    }
}

TEST(ShadowEncoding, SubsumesTruthTable) {
  // As documented: a write subsumes everything of its atomicity or weaker (a plain write
  // subsumes all four kinds, an atomic write the atomic ones); a read subsumes only reads
  // (plain or atomic for a plain read); an atomic access subsumes only atomic accesses.
  // rows: newer, columns: older.
  const bool table[4][4] = {
      //           R      W      AR     AW
      /* R  */ {true, false, true, false},
      /* W  */ {true, true, true, true},
      /* AR */ {false, false, true, false},
      /* AW */ {false, false, true, true},
  };
  for (int n = 0; n < 4; ++n)
    for (int o = 0; o < 4; ++o) {
      SCOPED_TRACE(testing::Message() << "newer=" << kKindNames[n]
                                      << " older=" << kKindNames[o]);
      EXPECT_EQ(Subsumes(MakeCell(Kind(n)), MakeCell(Kind(o))), table[n][o]);
      EXPECT_EQ(Subsumes(MakeCell(Kind(n), 4, 99, 0x0f), MakeCell(Kind(o), 2, 3, 0xf0)),
                table[n][o]);
    }
}

TEST(ShadowEncoding, SubsumesMatchesItsDefinition) {
  // The documented meaning: `newer` subsumes `older` when every later access that conflicts
  // with `older` also conflicts with `newer`. Check it against KindsConflict for all kinds.
  for (int n = 0; n < 4; ++n)
    for (int o = 0; o < 4; ++o) {
      bool covers = true;
      for (int later = 0; later < 4; ++later)
        if (KindsConflict(MakeCell(Kind(o)), MakeCell(Kind(later))) &&
            !KindsConflict(MakeCell(Kind(n)), MakeCell(Kind(later))))
          covers = false;
      EXPECT_EQ(Subsumes(MakeCell(Kind(n)), MakeCell(Kind(o))), covers)
          << "newer=" << kKindNames[n] << " older=" << kKindNames[o];
    }
}

TEST(ShadowEncoding, SubsumesIsReflexiveAndTransitive) {
  for (int a = 0; a < 4; ++a) {
    EXPECT_TRUE(Subsumes(MakeCell(Kind(a)), MakeCell(Kind(a))));
    for (int b = 0; b < 4; ++b)
      for (int c = 0; c < 4; ++c)
        if (Subsumes(MakeCell(Kind(a)), MakeCell(Kind(b))) &&
            Subsumes(MakeCell(Kind(b)), MakeCell(Kind(c)))) {
          EXPECT_TRUE(Subsumes(MakeCell(Kind(a)), MakeCell(Kind(c))));
        }
  }
}

}  // namespace
}  // namespace rl_test
