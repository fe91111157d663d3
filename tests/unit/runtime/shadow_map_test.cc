// Tests of the shadow map (runtime/shadow_map.h). Also built with -fsanitize=thread
// (runtime_unit_tsan).
//
// The shadow of an address is found from the address alone, so the tests use made-up
// application addresses (never dereferenced), each test in its own region so that tests do
// not see each other's blocks.
#include "shadow_map.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <thread>
#include <vector>

#include "rt_test_util.h"

namespace rl_test {
namespace {

using rl::GranuleShadow;
using rl::kGranulesPerPage;
using rl::kPageSize;
using rl::ResetShadowRange;
using rl::ShadowBlock;
using rl::ShadowFor;
using rl::uptr;
using rl::shadow::Cell;
using rl::shadow::kCellsPerGranule;
using rl::shadow::kGranuleSize;

// A region of the (47-bit) application address space that no test has used before, so that
// tests (and --gtest_repeat runs) never see each other's blocks: 1792 regions of 64 GiB
// from 16 TiB up.
constexpr uptr kRegionSize = uptr{1} << 36;
uptr FreshRegion() {
  static std::atomic<uptr> next{0};
  const uptr n = next.fetch_add(1);
  const uptr region = uptr{0x100000000000} + n * kRegionSize;
  if (region + kRegionSize > (uptr{1} << rl::kAppAddressBits)) abort();
  return region;
}

class ShadowMapTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { rl::InitShadow(); }
};

uptr PageIndex(uptr addr) { return (addr >> rl::kPageBits) & (rl::kL1Entries - 1); }
ShadowBlock *InstalledBlock(uptr addr) {
  return rl::g_shadow_l1[PageIndex(addr)].load(std::memory_order_acquire);
}
// The block that a GranuleShadow for `addr` points into.
const void *BlockOf(uptr addr, GranuleShadow g) {
  uptr granule = (addr & (kPageSize - 1)) / kGranuleSize;
  return reinterpret_cast<const char *>(g.cells) - granule * rl::kGranuleShadowBytes;
}

void Fill(uptr begin, uptr size, Cell value) {
  for (uptr a = begin; a < begin + size; a += kGranuleSize) {
    GranuleShadow g = ShadowFor(a);
    for (unsigned i = 0; i < kCellsPerGranule; ++i) {
      g.cell(i).store(value + i, std::memory_order_relaxed);
    }
  }
}

// Number of granules in [begin, begin+size) whose cells are all zero / all non-zero.
void CountGranules(uptr begin, uptr size, uptr *cleared, uptr *intact) {
  *cleared = *intact = 0;
  for (uptr a = begin; a < begin + size; a += kGranuleSize) {
    GranuleShadow g = ShadowFor(a);
    unsigned zero = 0;
    for (unsigned i = 0; i < kCellsPerGranule; ++i)
      zero += g.cell(i).load(std::memory_order_relaxed) == 0;
    if (zero == kCellsPerGranule) ++*cleared;
    else if (zero == 0) ++*intact;
  }
}

bool GranuleCleared(uptr addr) {
  GranuleShadow g = ShadowFor(addr);
  for (unsigned i = 0; i < kCellsPerGranule; ++i)
    if (g.cell(i).load(std::memory_order_relaxed) != 0) return false;
  return true;
}
bool GranuleIntact(uptr addr) {
  GranuleShadow g = ShadowFor(addr);
  for (unsigned i = 0; i < kCellsPerGranule; ++i)
    if (g.cell(i).load(std::memory_order_relaxed) == 0) return false;
  return true;
}

TEST_F(ShadowMapTest, StaticLayout) {
  EXPECT_EQ(kPageSize, 65536u);
  EXPECT_EQ(kGranulesPerPage, 8192u);
  // One array: four 4-byte cells per granule, nothing else.
  EXPECT_EQ(sizeof(Cell), 4u);
  EXPECT_EQ(rl::kGranuleShadowBytes, 16u);
  EXPECT_EQ(sizeof(ShadowBlock), kGranulesPerPage * 16);
  EXPECT_EQ(sizeof(ShadowBlock), 128u * 1024);
  EXPECT_EQ(rl::kShadowBytesPerBlock, sizeof(ShadowBlock));
  EXPECT_EQ(alignof(ShadowBlock), 16u);
  EXPECT_EQ(rl::kL1Entries, uptr{1} << 31);
}

TEST_F(ShadowMapTest, InitShadowIsIdempotent) {
  auto *l1 = rl::g_shadow_l1;
  ASSERT_NE(l1, nullptr);
  rl::InitShadow();
  EXPECT_EQ(rl::g_shadow_l1, l1);
}

TEST_F(ShadowMapTest, SameGranuleSameCells) {
  const uptr base = FreshRegion() + 0x1230;  // granule-aligned
  GranuleShadow g0 = ShadowFor(base);
  for (uptr off = 0; off < kGranuleSize; ++off) {
    GranuleShadow g = ShadowFor(base + off);
    for (unsigned i = 0; i < kCellsPerGranule; ++i) {
      EXPECT_EQ(&g.cell(i), &g0.cell(i)) << off;
    }
  }
  // The granule's four cells are contiguous, 16 bytes aligned to 16 (one load can read
  // them), and the next granule's four follow at once.
  EXPECT_EQ(uptr(g0.cells) % 16, 0u);
  for (unsigned i = 0; i < kCellsPerGranule; ++i) {
    EXPECT_EQ(&g0.cell(i), g0.cells + i) << i;
    EXPECT_EQ(reinterpret_cast<const char *>(&g0.cell(i)) - reinterpret_cast<const char *>(g0.cells),
              std::ptrdiff_t(4 * i)) << i;
  }
  GranuleShadow next = ShadowFor(base + kGranuleSize);
  EXPECT_EQ(next.cells, g0.cells + kCellsPerGranule);
  GranuleShadow prev = ShadowFor(base - 1);
  EXPECT_EQ(prev.cells, g0.cells - kCellsPerGranule);
}

TEST_F(ShadowMapTest, SamePageSameBlock) {
  const uptr page = FreshRegion() + 5 * kPageSize;
  EXPECT_EQ(InstalledBlock(page), nullptr);  // untouched so far
  const uptr before = rl::ShadowBytesMapped();
  GranuleShadow first = ShadowFor(page + 100);
  ShadowBlock *block = InstalledBlock(page);
  ASSERT_NE(block, nullptr);
  EXPECT_EQ(rl::ShadowBytesMapped() - before, rl::kShadowBytesPerBlock);
  EXPECT_EQ(BlockOf(page + 100, first), block);
  for (uptr off : {uptr{0}, uptr{1}, uptr{7}, uptr{8}, uptr{4095}, uptr{4096}, uptr{32768},
                   kPageSize - 8, kPageSize - 1}) {
    GranuleShadow g = ShadowFor(page + off);
    EXPECT_EQ(BlockOf(page + off, g), block) << off;
    const uptr granule = off / kGranuleSize;
    EXPECT_EQ(g.cells, block->cells[granule]) << off;
    EXPECT_EQ(reinterpret_cast<const char *>(g.cells),
              reinterpret_cast<const char *>(block) + granule * 16) << off;
  }
  // No new block for the same page.
  EXPECT_EQ(rl::ShadowBytesMapped() - before, rl::kShadowBytesPerBlock);
  // Neighbouring pages get their own blocks.
  GranuleShadow after = ShadowFor(page + kPageSize);
  GranuleShadow below = ShadowFor(page - 1);
  EXPECT_NE(BlockOf(page + kPageSize, after), block);
  EXPECT_NE(BlockOf(page - 1, below), block);
  EXPECT_NE(BlockOf(page + kPageSize, after), BlockOf(page - 1, below));
  EXPECT_EQ(rl::ShadowBytesMapped() - before, 3 * rl::kShadowBytesPerBlock);
}

TEST_F(ShadowMapTest, FreshBlocksAreZero) {
  const uptr page = FreshRegion();
  for (uptr g = 0; g < kGranulesPerPage; g += 97) {
    GranuleShadow s = ShadowFor(page + g * kGranuleSize);
    for (unsigned i = 0; i < kCellsPerGranule; ++i) ASSERT_EQ(s.cell(i).load(), 0u);
  }
}

TEST_F(ShadowMapTest, CellsAreIndependentPerAddress) {
  const uptr base = FreshRegion();
  Fill(base, 4 * kGranuleSize, 0x1000);
  GranuleShadow g1 = ShadowFor(base + 8);
  g1.cell(2).store(0xabc);
  EXPECT_EQ(ShadowFor(base + 8).cell(2).load(), 0xabcu);
  EXPECT_EQ(ShadowFor(base + 15).cell(2).load(), 0xabcu);
  EXPECT_EQ(ShadowFor(base).cell(2).load(), 0x1002u);
  EXPECT_EQ(ShadowFor(base + 16).cell(2).load(), 0x1002u);
}

TEST_F(ShadowMapTest, ResetPartialGranuleRanges) {
  const uptr base = FreshRegion() + 3 * kPageSize;
  const uptr span = 64 * kGranuleSize;
  struct Case {
    uptr begin, size;      // relative to base + 16 granules
    uptr first, last;      // granule indices (relative) expected to be cleared, inclusive
  };
  const Case cases[] = {
      {0, 8, 0, 0},        // exactly one granule
      {0, 1, 0, 0},        // one byte: its whole granule
      {3, 2, 0, 0},        // inside one granule
      {7, 2, 0, 1},        // straddles two granules
      {8, 16, 1, 2},       // two aligned granules
      {5, 20, 0, 3},       // unaligned both ends
      {0, 8 * 10, 0, 9},   // ten granules
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(testing::Message() << "begin+" << c.begin << " size " << c.size);
    Fill(base, span, 0x77);
    const uptr origin = base + 16 * kGranuleSize;
    ResetShadowRange(origin + c.begin, c.size);
    for (uptr g = 0; g < span / kGranuleSize; ++g) {
      const uptr addr = base + g * kGranuleSize;
      const bool expect_cleared = g >= 16 + c.first && g <= 16 + c.last;
      EXPECT_EQ(GranuleCleared(addr), expect_cleared) << "granule " << g;
      if (!expect_cleared) {
        EXPECT_TRUE(GranuleIntact(addr)) << "granule " << g;
      }
    }
  }
}

// Each of a granule's four cells is its own word: a store to one changes no other cell of
// the granule or of its neighbours, and a partial reset clears all four cells of exactly
// the granules it covers (granules 63..64 straddle the 1 KiB boundary of 64 granules).
TEST_F(ShadowMapTest, FourCellsPerGranuleAllReset) {
  const uptr base = FreshRegion() + 5 * kPageSize;
  for (uptr g = 0; g < 130; ++g)
    for (unsigned i = 0; i < kCellsPerGranule; ++i)
      ASSERT_EQ(ShadowFor(base + g * kGranuleSize).cell(i).load(), 0u) << g << " " << i;
  for (uptr g : {uptr{3}, uptr{63}, uptr{64}, uptr{65}, uptr{129}})
    for (unsigned i = 0; i < kCellsPerGranule; ++i)
      ShadowFor(base + g * kGranuleSize).cell(i).store(Cell(0x40000 + g * 4 + i));
  for (uptr g = 0; g < 130; ++g) {
    bool marked = g == 3 || g == 63 || g == 64 || g == 65 || g == 129;
    for (unsigned i = 0; i < kCellsPerGranule; ++i)
      EXPECT_EQ(ShadowFor(base + g * kGranuleSize).cell(i).load(),
                marked ? Cell(0x40000 + g * 4 + i) : 0u) << g << " " << i;
  }
  // Cell 3 alone: only cell 3 changes.
  ShadowFor(base + 64 * kGranuleSize).cell(3).store(0xfeedu);
  EXPECT_EQ(ShadowFor(base + 64 * kGranuleSize).cell(2).load(), Cell(0x40000 + 64 * 4 + 2));
  EXPECT_EQ(ShadowFor(base + 65 * kGranuleSize).cell(0).load(), Cell(0x40000 + 65 * 4));
  // A partial reset of granules 63..64 clears their four cells, not the neighbours'.
  ResetShadowRange(base + 63 * kGranuleSize, 2 * kGranuleSize);
  for (uptr g : {uptr{63}, uptr{64}})
    for (unsigned i = 0; i < kCellsPerGranule; ++i)
      EXPECT_EQ(ShadowFor(base + g * kGranuleSize).cell(i).load(), 0u) << g << " " << i;
  for (uptr g : {uptr{3}, uptr{65}, uptr{129}})
    for (unsigned i = 0; i < kCellsPerGranule; ++i)
      EXPECT_EQ(ShadowFor(base + g * kGranuleSize).cell(i).load(), Cell(0x40000 + g * 4 + i))
          << g << " " << i;
  // A whole-page reset clears every cell.
  ResetShadowRange(base, kPageSize);
  for (uptr g : {uptr{3}, uptr{65}, uptr{129}})
    for (unsigned i = 0; i < kCellsPerGranule; ++i)
      EXPECT_EQ(ShadowFor(base + g * kGranuleSize).cell(i).load(), 0u) << g << " " << i;
}

TEST_F(ShadowMapTest, ResetZeroSizeDoesNothing) {
  const uptr base = FreshRegion();
  Fill(base, 4 * kGranuleSize, 0x55);
  ResetShadowRange(base + 8, 0);
  uptr cleared, intact;
  CountGranules(base, 4 * kGranuleSize, &cleared, &intact);
  EXPECT_EQ(cleared, 0u);
  EXPECT_EQ(intact, 4u);
}

TEST_F(ShadowMapTest, ResetWholePage) {
  const uptr page = FreshRegion() + 2 * kPageSize;
  // Shadow in the page and in both neighbours.
  Fill(page - 4 * kGranuleSize, kPageSize + 8 * kGranuleSize, 0x99);
  ShadowBlock *block = InstalledBlock(page);
  ASSERT_NE(block, nullptr);
  ResetShadowRange(page, kPageSize);
  uptr cleared, intact;
  CountGranules(page, kPageSize, &cleared, &intact);
  EXPECT_EQ(cleared, kGranulesPerPage);
  // The block stays installed and usable.
  EXPECT_EQ(InstalledBlock(page), block);
  ShadowFor(page + 64).cell(0).store(5);
  EXPECT_EQ(block->cells[8][0].load(), 5u);
  ShadowFor(page + 64).cell(3).store(6);
  EXPECT_EQ(block->cells[8][3].load(), 6u);
  // Neighbours untouched.
  CountGranules(page - 4 * kGranuleSize, 4 * kGranuleSize, &cleared, &intact);
  EXPECT_EQ(intact, 4u);
  CountGranules(page + kPageSize, 4 * kGranuleSize, &cleared, &intact);
  EXPECT_EQ(intact, 4u);
}

TEST_F(ShadowMapTest, ResetAcrossPages) {
  // Partial page, two whole pages, partial page; plus untouched neighbours on both sides.
  const uptr page0 = FreshRegion() + 10 * kPageSize;
  const uptr begin = page0 + kPageSize - 40 * kGranuleSize + 3;  // unaligned
  const uptr end = page0 + 3 * kPageSize + 24 * kGranuleSize + 1;  // unaligned
  const uptr fill_begin = page0 + kPageSize - 100 * kGranuleSize;
  const uptr fill_end = page0 + 3 * kPageSize + 100 * kGranuleSize;
  Fill(fill_begin, fill_end - fill_begin, 0x1234);
  ResetShadowRange(begin, end - begin);
  const uptr clear_from = begin & ~uptr(7);
  const uptr clear_to = (end + 7) & ~uptr(7);
  uptr bad = 0;
  for (uptr a = fill_begin; a < fill_end; a += kGranuleSize) {
    const bool expect_cleared = a >= clear_from && a < clear_to;
    if (expect_cleared ? !GranuleCleared(a) : !GranuleIntact(a)) {
      if (++bad < 10) ADD_FAILURE() << "granule at page0+" << (a - page0);
    }
  }
  EXPECT_EQ(bad, 0u);
}

// The statistics at exit (verbosity=1) count the resident pages of the one array of cells.
TEST_F(ShadowMapTest, ResidencyCountsTouchedCells) {
  const uptr page = FreshRegion() + 9 * kPageSize;
  const rl::ShadowResidency before = rl::MeasureShadowResidency();
  // Four granules 16 KiB of application memory apart: their cells 32 KiB apart, in four
  // 4 KiB pages of the block.
  for (uptr k = 0; k < 4; ++k) ShadowFor(page + k * 2048 * kGranuleSize).cell(1).store(7);
  const rl::ShadowResidency after = rl::MeasureShadowResidency();
  EXPECT_EQ(after.blocks, before.blocks + 1);
  EXPECT_GE(after.cells, before.cells + 4 * 4096);
  EXPECT_LE(after.cells, before.cells + rl::kShadowBytesPerBlock);
  ResetShadowRange(page, kPageSize);  // the whole block goes back to the kernel
  const rl::ShadowResidency discarded = rl::MeasureShadowResidency();
  EXPECT_EQ(discarded.cells, before.cells);
}

TEST_F(ShadowMapTest, ResetOfUnmappedShadowMapsNothing) {
  const uptr page = FreshRegion() + 7 * kPageSize;
  const uptr before = rl::ShadowBytesMapped();
  ResetShadowRange(page - 100, 3 * kPageSize);
  EXPECT_EQ(rl::ShadowBytesMapped(), before);
  for (int p = -1; p <= 3; ++p) EXPECT_EQ(InstalledBlock(page + p * kPageSize), nullptr) << p;
}

// Large allocations get their blocks when they are made, from the top of the reservation
// (huge pages); ordinary first touches take blocks from the bottom; a page that has a block
// keeps it; small ranges install nothing.
TEST_F(ShadowMapTest, LargeAllocationsTakeBlocksFromTheHugePageEnd) {
  const uptr base = FreshRegion();
  const uptr ordinary = base;                       // first touched before the allocation
  const uptr large = base + kPageSize;              // a 2 MiB allocation covering it too
  const uptr large_size = uptr{2} << 20;
  const uptr later = base + 40 * kPageSize;         // first touched after
  const void *ordinary_block = BlockOf(ordinary, ShadowFor(ordinary));
  const uptr before = rl::ShadowBytesMapped();
  rl::ShadowPreferHugePages(ordinary + 16, large_size + kPageSize - 16);
  // Pages 1..32 are new; page 0 had its block.
  EXPECT_EQ(rl::ShadowBytesMapped() - before, 32 * rl::kShadowBytesPerBlock);
  EXPECT_EQ(InstalledBlock(ordinary), ordinary_block);
  const uptr later_block = uptr(BlockOf(later, ShadowFor(later)));
  std::set<uptr> blocks;
  for (uptr p = 0; p < 32; ++p) {
    const uptr b = uptr(InstalledBlock(large + p * kPageSize));
    ASSERT_NE(b, 0u) << p;
    EXPECT_GT(b, later_block) << p;           // from the other end of the reservation
    EXPECT_GT(b, uptr(ordinary_block)) << p;
    blocks.insert(b);
  }
  EXPECT_EQ(blocks.size(), 32u);
  // The pages resolve to those blocks, usable at once.
  GranuleShadow g = ShadowFor(large + 5 * kPageSize + 8);
  EXPECT_EQ(BlockOf(large + 5 * kPageSize + 8, g), InstalledBlock(large + 5 * kPageSize));
  g.cell(0).store(1, std::memory_order_relaxed);
  EXPECT_EQ(g.cell(0).load(std::memory_order_relaxed), 1u);
  // Below the minimum: nothing installed.
  const uptr small = base + 100 * kPageSize;
  rl::ShadowPreferHugePages(small, rl::kHugeShadowMinBytes - 1);
  EXPECT_EQ(InstalledBlock(small), nullptr);
  // Above the maximum (a reservation more than a working set): nothing installed either.
  const uptr huge = base + 200 * kPageSize;
  rl::ShadowPreferHugePages(huge, rl::kHugeShadowMaxBytes + 1);
  EXPECT_EQ(InstalledBlock(huge), nullptr);
  EXPECT_EQ(InstalledBlock(huge + rl::kHugeShadowMaxBytes), nullptr);
}

// Several threads touch the same fresh pages at the same moment: each page must end up with
// exactly one block, every thread must get that block, and the losers' blocks must not be
// counted.
TEST_F(ShadowMapTest, ConcurrentFirstTouchGivesOneBlockPerPage) {
  const unsigned kThreads = 6;
  const unsigned kPages = unsigned(Scaled(512));
  const uptr base = FreshRegion();
  std::vector<std::vector<const void *>> seen(kThreads, std::vector<const void *>(kPages));
  const uptr before = rl::ShadowBytesMapped();
  SpinBarrier barrier(kThreads);
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (unsigned p = 0; p < kPages; ++p) {
        // All threads start each page together; each uses a different granule of it.
        barrier.Wait();
        const uptr addr = base + p * kPageSize + (t * 1237 % kGranulesPerPage) * kGranuleSize;
        GranuleShadow g = ShadowFor(addr);
        seen[t][p] = BlockOf(addr, g);
        // The block is usable at once by every thread (atomics: no data race).
        g.cell(0).fetch_add(1, std::memory_order_relaxed);
      }
    });
  for (auto &th : threads) th.join();

  std::set<const void *> blocks;
  for (unsigned p = 0; p < kPages; ++p) {
    const void *installed = InstalledBlock(base + p * kPageSize);
    ASSERT_NE(installed, nullptr) << p;
    for (unsigned t = 0; t < kThreads; ++t)
      ASSERT_EQ(seen[t][p], installed) << "page " << p << " thread " << t;
    blocks.insert(installed);
  }
  EXPECT_EQ(blocks.size(), kPages);
  EXPECT_EQ(rl::ShadowBytesMapped() - before, kPages * rl::kShadowBytesPerBlock);
}

// Threads touching many fresh pages in different orders (no barrier per page).
TEST_F(ShadowMapTest, ConcurrentFirstTouchInDifferentOrders) {
  const unsigned kThreads = 4;
  const unsigned kPages = unsigned(Scaled(1024));
  const uptr base = FreshRegion();
  std::vector<std::vector<const void *>> seen(kThreads, std::vector<const void *>(kPages));
  SpinBarrier start(kThreads);
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      start.Wait();
      for (unsigned k = 0; k < kPages; ++k) {
        const unsigned p = (t & 1) ? kPages - 1 - k : (k * 7 + t) % kPages;  // 7 coprime
        const uptr addr = base + uptr(p) * kPageSize + t * 8;
        seen[t][p] = BlockOf(addr, ShadowFor(addr));
      }
    });
  for (auto &th : threads) th.join();
  for (unsigned p = 0; p < kPages; ++p)
    for (unsigned t = 0; t < kThreads; ++t)
      ASSERT_EQ(seen[t][p], InstalledBlock(base + uptr(p) * kPageSize)) << p << " " << t;
}

// Concurrent resets of some granules while other threads update neighbouring granules of
// the same block: the neighbours' updates are never lost.
TEST_F(ShadowMapTest, ConcurrentResetOfNeighbouringGranules) {
  const uptr page = FreshRegion();
  const long kIters = Scaled(20000);
  std::atomic<bool> stop{false};
  std::thread resetter([&] {
    while (!stop.load(std::memory_order_acquire))
      ResetShadowRange(page + 64 * kGranuleSize, 64 * kGranuleSize);  // granules 64..127
  });
  std::thread writer([&] {
    for (long i = 1; i <= kIters; ++i) {
      // Granules 0..63 and 128..191: outside the reset range.
      // Cells 0 and 3 of granules 0..63, cells 1 and 2 of granules 128..191: outside.
      GranuleShadow below = ShadowFor(page + (i % 64) * kGranuleSize);
      below.cell(0).store(Cell(i));
      below.cell(3).store(Cell(i));
      GranuleShadow above = ShadowFor(page + (128 + i % 64) * kGranuleSize);
      above.cell(1).store(Cell(i));
      above.cell(2).store(Cell(i));
      ShadowFor(page + (64 + i % 64) * kGranuleSize).cell(2).store(Cell(i));
    }
  });
  writer.join();
  stop.store(true, std::memory_order_release);
  resetter.join();
  for (unsigned g = 0; g < 64; ++g) {
    EXPECT_NE(ShadowFor(page + g * kGranuleSize).cell(0).load(), 0u) << g;
    EXPECT_NE(ShadowFor(page + g * kGranuleSize).cell(3).load(), 0u) << g;
    EXPECT_NE(ShadowFor(page + (128 + g) * kGranuleSize).cell(1).load(), 0u) << g;
    EXPECT_NE(ShadowFor(page + (128 + g) * kGranuleSize).cell(2).load(), 0u) << g;
  }
}

}  // namespace
}  // namespace rl_test
