// Where the shadow of an application address lives.
//
// A fixed-depth (two-level) table: the application address space (47 bits on x86-64 Linux)
// is cut into 64 KiB pages; a level-1 array, reserved once with MAP_NORESERVE, holds for each
// page a pointer to its shadow block, given out the first time anything in the page is
// accessed. A block holds, per 8-byte granule, its kCellsPerGranule 32-bit cells side by side
// (16 bytes: see ShadowBlock). The source sites of the accesses are not here but in the
// access history (access_history.h).
// There is no hash map and no lock: lookup is two dependent loads; installation of a block
// is a compare-and-swap (the loser's block number is left unused; it was never touched).
//
// Blocks are handed out in order from one reservation (see ShadowBlock).
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

// A block: for each granule of its page, the granule's four cells, contiguous, 16 bytes
// aligned to 16 (a quarter of a cache line: one line holds four granules' whole shadow, and
// a check reads one line whatever cell holds its hit). 8192 granules: 128 KiB, page-aligned.
// (Until the cells were 32 bits, cells 0-1 and 2-3 lived in two arrays, the second at a
// constant distance, with a bit per granule saying whether cells 2-3 were in use: see
// docs/design.md, Shadow memory.) The blocks of large allocations are backed by transparent
// huge pages (ShadowPreferHugePages): with 4 KiB pages nearly every check of a large working
// set (an 8 MiB compression window: 4,096 pages of shadow) missed the TLB.
constexpr uptr kGranuleShadowBytes = shadow::kCellsPerGranule * sizeof(shadow::Cell);
struct ShadowBlock {
  alignas(kGranuleShadowBytes) std::atomic<shadow::Cell> cells[kGranulesPerPage]
                                                              [shadow::kCellsPerGranule];
};
static_assert(sizeof(std::atomic<shadow::Cell>) == sizeof(shadow::Cell) &&
                  std::atomic<shadow::Cell>::is_always_lock_free,
              "cells are plain 32-bit words");
static_assert(kGranuleShadowBytes == 16, "a granule's four cells fill 16 bytes");
static_assert(sizeof(ShadowBlock) == kGranulesPerPage * kGranuleShadowBytes &&
                  sizeof(ShadowBlock) == (uptr{128} << 10),
              "no padding in shadow blocks: 128 KiB");
static_assert(sizeof(ShadowBlock) % 4096 == 0, "blocks stay page-aligned");

// Blocks that can be given out: at most 2^23 (512 GiB of application memory touched, 1 TiB
// of address space reserved); fewer where the address space is limited (ulimit -v,
// valgrind): InitShadow halves the reservation until it succeeds.
constexpr uptr kMaxShadowBlocks = uptr{1} << 23;
constexpr uptr kMinShadowBlocks = uptr{1} << 12;
constexpr uptr kHugePageSize = uptr{2} << 20;
// What one block takes once all of it is in use (statistics).
constexpr uptr kShadowBytesPerBlock = sizeof(ShadowBlock);

// The granule's cells: cell(i) for i < kCellsPerGranule, 16 bytes aligned to 16.
struct GranuleShadow {
  std::atomic<shadow::Cell> *cells;
  RL_ALWAYS_INLINE std::atomic<shadow::Cell> &cell(unsigned i) const { return cells[i]; }
};

RL_ALWAYS_INLINE GranuleShadow GranuleShadowIn(ShadowBlock *block, uptr granule) {
  return GranuleShadow{block->cells[granule]};
}

extern std::atomic<ShadowBlock *> *g_shadow_l1;

void InitShadow();
ShadowBlock *MapShadowBlock(uptr page_index);  // slow path: gives out and installs a block

// Huge pages only for large allocations. A 2 MiB huge page of shadow (16 blocks) is
// resident as a whole as soon as one of its blocks is touched: for memory touched sparsely
// (thread stacks, small heap chunks spread over an arena, parts of mapped files) that was a
// fifth of leveldb's peak RSS. The TLB misses huge pages save are those of large working
// sets, which live in large allocations. So ordinary blocks come from the bottom of the
// reservation, in 4 KiB pages; the blocks of a large allocation (malloc family, anonymous
// mmap: at least kHugeShadowMinBytes, at most kHugeShadowMaxBytes) are installed when it is
// made, from the top of the reservation, which is advised MADV_HUGEPAGE as blocks are
// handed out. Pages of the range that already have a block keep it. No-op with
// shadow_huge_pages=0, and once the blocks so given would exceed a quarter of the
// reservation.
constexpr uptr kHugeShadowMinBytes = uptr{1} << 18;
constexpr uptr kHugeShadowMaxBytes = uptr{1} << 28;
void ShadowPreferHugePages(uptr begin, uptr size);

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

// Forgets every access remembered anywhere: the shadow of every block handed out is given
// back to the kernel (it reads as zero again). Only for the clock reset (clock_reset.h),
// while no thread is inside a shadow section; blocks stay installed.
void DiscardAllShadow();

// Bytes of shadow mapped so far (for statistics).
uptr ShadowBytesMapped();

// How much of the mapped shadow is resident (statistics at exit, verbosity=1; slow: asks
// the kernel about every shadow page).
struct ShadowResidency {
  uptr blocks, cells;  // blocks installed; resident bytes of their cells
};
ShadowResidency MeasureShadowResidency();

}  // namespace rl

#endif  // RACELIGHT_SHADOW_MAP_H
