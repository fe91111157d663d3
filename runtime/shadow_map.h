// Where the shadow of an application address lives.
//
// A fixed-depth (two-level) table: the application address space (47 bits on x86-64 Linux)
// is cut into 64 KiB pages; a level-1 array, reserved once with MAP_NORESERVE, holds for each
// page a pointer to its shadow block, mapped the first time anything in the page is accessed.
// A block holds, per 8-byte granule, kCellsPerGranule cells and the site id of each cell
// (cells 0 and 1 apart from the others: see ShadowBlock).
// There is no hash map and no lock: lookup is two dependent loads; installation of a block
// is a compare-and-swap (the loser unmaps its block).
//
// Thread-safety: all functions may be called concurrently. Cells are read and written with
// relaxed atomics; the caller arbitrates concurrent updates with compare-and-swap.
#ifndef RACELIGHT_SHADOW_MAP_H
#define RACELIGHT_SHADOW_MAP_H

#include <atomic>

#include "defs.h"
#include "shadow_encoding.h"

namespace rl {

constexpr unsigned kAppAddressBits = 47;
constexpr unsigned kPageBits = 16;
constexpr uptr kPageSize = uptr{1} << kPageBits;
constexpr uptr kGranulesPerPage = kPageSize / shadow::kGranuleSize;
constexpr uptr kL1Entries = uptr{1} << (kAppAddressBits - kPageBits);

// Cells 0 and 1 of every granule are kept apart from cells 2 and 3: data that one thread
// uses at a time (most data) needs at most two cells (its write of an older epoch and its
// read of this one), so its accesses touch 16 bytes of cells and 8 of sites per 8-byte
// granule, and the pages of the other cells are never written (the kernel never has to
// clear them). The hot path finds most hits in the first pair, one cache line for four
// granules, where the four cells side by side took one line for two.
constexpr unsigned kFirstCells = 2;
constexpr unsigned kOtherCells = shadow::kCellsPerGranule - kFirstCells;
struct ShadowBlock {
  std::atomic<u64> first_cells[kGranulesPerPage][kFirstCells];
  std::atomic<u32> first_sites[kGranulesPerPage][kFirstCells];
  std::atomic<u64> other_cells[kGranulesPerPage][kOtherCells];
  std::atomic<u32> other_sites[kGranulesPerPage][kOtherCells];
};
static_assert(sizeof(ShadowBlock) == kGranulesPerPage * shadow::kCellsPerGranule * 12,
              "no padding in shadow blocks");
static_assert(sizeof(ShadowBlock::first_cells) % 4096 == 0 &&
                  sizeof(ShadowBlock::first_sites) % 4096 == 0 &&
                  sizeof(ShadowBlock::other_cells) % 4096 == 0,
              "the first pair's arrays fill whole pages of their own");

// The granule's cells and their site ids, cell i and site i for i < kCellsPerGranule.
struct GranuleShadow {
  std::atomic<u64> *first_cells;
  std::atomic<u64> *other_cells;
  std::atomic<u32> *first_sites;
  std::atomic<u32> *other_sites;
  RL_ALWAYS_INLINE std::atomic<u64> &cell(unsigned i) const {
    return i < kFirstCells ? first_cells[i] : other_cells[i - kFirstCells];
  }
  RL_ALWAYS_INLINE std::atomic<u32> &site(unsigned i) const {
    return i < kFirstCells ? first_sites[i] : other_sites[i - kFirstCells];
  }
};

RL_ALWAYS_INLINE GranuleShadow GranuleShadowIn(ShadowBlock *block, uptr granule) {
  return GranuleShadow{block->first_cells[granule], block->other_cells[granule],
                       block->first_sites[granule], block->other_sites[granule]};
}

extern std::atomic<ShadowBlock *> *g_shadow_l1;

void InitShadow();
ShadowBlock *MapShadowBlock(uptr page_index);  // slow path: maps and installs a block

// Shadow of the granule containing `addr`; maps the block on first touch.
RL_ALWAYS_INLINE GranuleShadow ShadowFor(uptr addr) {
  uptr page = (addr >> kPageBits) & (kL1Entries - 1);
  ShadowBlock *block = g_shadow_l1[page].load(std::memory_order_acquire);
  if (RL_UNLIKELY(!block)) block = MapShadowBlock(page);
  return GranuleShadowIn(block, (addr & (kPageSize - 1)) >> 3);
}

// The shadow block of `addr` if it is mapped, else null (hot paths: no call), and the
// granule's index in it.
RL_ALWAYS_INLINE ShadowBlock *MappedBlockFor(uptr addr, uptr *granule) {
  uptr page = (addr >> kPageBits) & (kL1Entries - 1);
  *granule = (addr & (kPageSize - 1)) >> 3;
  return g_shadow_l1[page].load(std::memory_order_acquire);
}

// Forgets every access remembered for [begin, begin+size): used when memory gets a new
// owner (malloc), a thread stack is reused, or memory is unmapped. Whole granules are
// cleared (callers pass granule-aligned heap and stack ranges).
void ResetShadowRange(uptr begin, uptr size);

// Bytes of shadow mapped so far (for statistics).
uptr ShadowBytesMapped();

}  // namespace rl

#endif  // RACELIGHT_SHADOW_MAP_H
