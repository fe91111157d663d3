// Tests of the branch-free cell choice for a granule whose cells are all the accessing
// thread's (runtime/cell_choice.h), against a plain model of the rules written cell by cell.
#include "cell_choice.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>

namespace rl_test {
namespace {

using namespace rl::shadow;

constexpr uint32_t kSlot = 5;

Cell MakeCell(uint32_t slot, uint32_t clock, bool write, bool atomic, uint32_t mask) {
  return EpochBits(slot, clock) | (write ? kWrite : 0) | (atomic ? kAtomic : 0) | mask;
}

// The rules of cell_choice.h, one cell at a time (every cell in use is the thread's, so
// every one happens before the access).
CellChoice Model(const Cell c[4], Cell cur) {
  CellChoice m{-1, -1, CellChoiceKind::kNone};
  for (int i = 0; i < 4; ++i)
    if (IsEmpty(c[i])) {
      m.empty = i;
      break;
    }
  auto pick = [&](CellChoiceKind kind, auto &&ok) {
    if (m.target >= 0) return;
    for (int i = 0; i < 4; ++i)
      if (ok(i)) {
        m.target = i;
        m.kind = kind;
        return;
      }
  };
  auto same_epoch_kind = [&](int i) {
    return !IsEmpty(c[i]) && (c[i] & ~kMaskField) == (cur & ~kMaskField);
  };
  pick(CellChoiceKind::kWiden, same_epoch_kind);
  // The same access of an older epoch, before any other covered cell.
  pick(CellChoiceKind::kCovered, [&](int i) {
    return !IsEmpty(c[i]) && (c[i] & ~kClockField) == (cur & ~kClockField);
  });
  pick(CellChoiceKind::kCovered, [&](int i) {
    return !IsEmpty(c[i]) && !same_epoch_kind(i) && (MaskOf(c[i]) & ~MaskOf(cur)) == 0 &&
           Subsumes(cur, c[i]);
  });
  pick(CellChoiceKind::kReplaceable, [&](int i) {
    if (IsEmpty(c[i])) return false;
    uint32_t covered = Subsumes(cur, c[i]) ? MaskOf(cur) : 0;
    for (int j = 0; j < 4; ++j)
      if (j != i && !IsEmpty(c[j]) && ClockOf(c[j]) >= ClockOf(c[i]) && Subsumes(c[j], c[i]))
        covered |= MaskOf(c[j]);
    return (MaskOf(c[i]) & ~covered) == 0;
  });
  if (m.target < 0 && m.empty >= 0) {
    m.target = m.empty;
    m.kind = CellChoiceKind::kEmpty;
  }
  pick(CellChoiceKind::kOverwrite, [&](int i) {
    return !IsEmpty(c[i]) && (MaskOf(c[i]) & MaskOf(cur)) && Subsumes(cur, c[i]);
  });
  return m;
}

TEST(CellChoice, WidensTheCellOfTheSameEpochAndKind) {
  alignas(16) Cell c[4] = {MakeCell(kSlot, 7, false, false, 0x0f), MakeCell(kSlot, 9, true, false, 0x0f), 0, 0};
  CellChoice choice;
  ASSERT_TRUE(OwnGranuleChoice(c, MakeCell(kSlot, 9, true, false, 0xf0), kSlot, &choice));
  EXPECT_EQ(choice.target, 1);
  EXPECT_EQ(choice.kind, CellChoiceKind::kWiden);
  EXPECT_EQ(choice.empty, 2);
}

TEST(CellChoice, AReadReplacesAnOlderReadItCoversButNotAWrite) {
  alignas(16) Cell c[4] = {MakeCell(kSlot, 3, true, false, 0x0f), MakeCell(kSlot, 4, false, false, 0x0f), 0, 0};
  CellChoice choice;
  ASSERT_TRUE(OwnGranuleChoice(c, MakeCell(kSlot, 8, false, false, 0x0f), kSlot, &choice));
  EXPECT_EQ(choice.target, 1);
  EXPECT_EQ(choice.kind, CellChoiceKind::kCovered);
}

// The same access of an older epoch goes before a narrower cell the access also covers: the
// shortcut taken before the rest of the choice (cell_choice.h).
TEST(CellChoice, PrefersTheSameAccessOfAnOlderEpoch) {
  alignas(16) Cell c[4] = {MakeCell(kSlot, 2, false, false, 0x01), MakeCell(kSlot, 3, false, false, 0x0f), 0, 0};
  CellChoice choice;
  ASSERT_TRUE(OwnGranuleChoice(c, MakeCell(kSlot, 8, false, false, 0x0f), kSlot, &choice));
  EXPECT_EQ(choice.target, 1);
  EXPECT_EQ(choice.kind, CellChoiceKind::kCovered);
  EXPECT_EQ(choice.empty, 2);
}

TEST(CellChoice, DeclinesAGranuleWithAnotherThreadsCell) {
  alignas(16) Cell c[4] = {MakeCell(kSlot, 3, false, false, 0x0f), 0, MakeCell(kSlot + 1, 4, false, false, 0x01), 0};
  CellChoice choice;
  EXPECT_FALSE(OwnGranuleChoice(c, MakeCell(kSlot, 8, false, false, 0x0f), kSlot, &choice));
}

TEST(CellChoice, FullGranuleOfDisjointReadsHasNoCellForAReadOfOtherBytes) {
  alignas(16) Cell c[4] = {MakeCell(kSlot, 1, false, false, 0x01), MakeCell(kSlot, 2, false, false, 0x04),
                           MakeCell(kSlot, 3, false, false, 0x20), MakeCell(kSlot, 4, false, false, 0x80)};
  CellChoice choice;
  ASSERT_TRUE(OwnGranuleChoice(c, MakeCell(kSlot, 5, false, false, 0x02), kSlot, &choice));
  EXPECT_EQ(choice.target, -1);
  EXPECT_EQ(choice.kind, CellChoiceKind::kNone);
  EXPECT_EQ(choice.empty, -1);
}

// Random granules of the thread's own cells (few clocks, masks and kinds, so that every
// case and tie comes up) against the model.
TEST(CellChoice, MatchesTheModelOnRandomGranules) {
  if (!kVectorCellChoice) GTEST_SKIP() << "no SSE2: the caller decides cell by cell";
  std::mt19937 rng(20261205);
  const uint32_t masks[] = {0x01, 0x02, 0x03, 0x0f, 0xf0, 0x3c, 0xff, 0x80, 0xc0};
  auto random_cell = [&](bool allow_empty) -> Cell {
    if (allow_empty && rng() % 4 == 0) return 0;
    return MakeCell(kSlot, 1 + rng() % 4, rng() % 2, rng() % 5 == 0, masks[rng() % 9]);
  };
  int kinds_seen[6] = {};
  for (int iteration = 0; iteration < 200000; ++iteration) {
    alignas(16) Cell c[4];
    for (Cell &x : c) x = random_cell(true);
    Cell cur = random_cell(false);
    CellChoice choice;
    ASSERT_TRUE(OwnGranuleChoice(c, cur, kSlot, &choice));
    CellChoice want = Model(c, cur);
    ASSERT_EQ(choice.target, want.target) << "iteration " << iteration;
    ASSERT_EQ(choice.empty, want.empty) << "iteration " << iteration;
    ASSERT_EQ(choice.kind, want.kind) << "iteration " << iteration;
    ++kinds_seen[int(choice.kind)];
  }
  for (int k = 0; k < 6; ++k) EXPECT_GT(kinds_seen[k], 100) << "kind " << k << " too rare to test";
}

}  // namespace
}  // namespace rl_test
