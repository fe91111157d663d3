// Where the shadow of an application address lives.
//
// A fixed-depth (two-level) table: the application address space (47 bits on x86-64 Linux)
// is cut into 64 KiB pages; a level-1 array, reserved once with MAP_NORESERVE, holds for each
// page a pointer to its shadow block, given out the first time anything in the page is
// accessed. A block holds, per 8-byte granule, kCellsPerGranule cells (cells 0 and 1 apart
// from the others: see ShadowBlock). The source sites of the accesses are not here but in
// the access history (access_history.h).
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

// Cells 0 and 1 of every granule are kept apart from cells 2 and 3: data that one thread
// uses at a time (most data) needs at most two cells (its write of an older epoch and its
// read of this one), so its accesses touch 16 bytes of cells per 8-byte granule, and the
// pages of the other cells are never written (the kernel never has to
// clear them). The hot path finds most hits in the first pair, one cache line for four
// granules, where the four cells side by side took one line for two.
constexpr unsigned kFirstCells = 2;
constexpr unsigned kOtherCells = shadow::kCellsPerGranule - kFirstCells;
//
// One bit per granule says that its cells 2-3 may be in use: set (with a sequentially
// consistent read-modify-write) before either is first written, cleared only when the
// granule is reset. Checks of a granule whose bit is clear read only the first pair: the
// line of the other pair, a cache miss of its own, is not loaded for nothing (it was a
// fifth of the hot path's time in zstd, on granules whose cells 2-3 were empty).
constexpr uptr kOtherUsedWords = kGranulesPerPage / 64;

// A block is in two parts. The hot part, which checks read, holds the first cells and the
// other-cells bits, side by side; the cold part, in a region of its own at a constant
// distance, holds cells 2-3. The hot parts of large allocations' blocks are backed by
// transparent huge pages (ShadowPreferHugePages): with 4 KiB pages nearly every check of a
// large working set (an 8 MiB compression window: 4,096 pages of first cells) missed the
// TLB. The cold region keeps 4 KiB pages, so that only the parts of it in use are resident.
struct ShadowBlock;
struct ShadowColdBlock {
  std::atomic<u64> other_cells[kGranulesPerPage][kOtherCells];
};
struct ShadowBlock {
  std::atomic<u64> first_cells[kGranulesPerPage][kFirstCells];
  std::atomic<u64> other_used[kOtherUsedWords];
  char padding[4096 - kOtherUsedWords * sizeof(u64)];  // blocks stay page-aligned

  ShadowColdBlock *cold();
  std::atomic<u64> (*other_cells())[kOtherCells] { return cold()->other_cells; }
};
static_assert(sizeof(ShadowBlock) == kGranulesPerPage * kFirstCells * 8 + 4096 &&
                  sizeof(ShadowColdBlock) == kGranulesPerPage * kOtherCells * 8,
              "no padding in shadow blocks but the page that ends the hot part");
static_assert(sizeof(ShadowBlock) % 4096 == 0 && sizeof(ShadowColdBlock) <= sizeof(ShadowBlock),
              "cold parts fit the hot parts' stride");

// Blocks that can be given out: at most 2^23 (512 GiB of application memory touched, 3 TiB
// of address space reserved); fewer where the address space is limited (ulimit -v,
// valgrind): InitShadow halves the reservation until it succeeds.
constexpr uptr kMaxShadowBlocks = uptr{1} << 23;
constexpr uptr kMinShadowBlocks = uptr{1} << 12;
constexpr uptr kHugePageSize = uptr{2} << 20;
// Cold part n is at hot part n + g_cold_distance (the size of the hot region).
extern uptr g_cold_distance;
// What one block takes once all of it is in use (statistics).
constexpr uptr kShadowBytesPerBlock = sizeof(ShadowBlock) + sizeof(ShadowColdBlock);

inline ShadowColdBlock *ShadowBlock::cold() {
  return reinterpret_cast<ShadowColdBlock *>(reinterpret_cast<char *>(this) + g_cold_distance);
}

// The granule's cells, cell i for i < kCellsPerGranule, and its bit of
// ShadowBlock::other_used.
struct GranuleShadow {
  std::atomic<u64> *first_cells;
  std::atomic<u64> *other_cells;
  std::atomic<u64> *other_used_word;
  u64 other_used_bit;
  // Whether cells 2-3 may be non-empty. `order`: seq_cst where the Dekker argument of the
  // slow path needs it (access.cc), relaxed for the hot path's check.
  RL_ALWAYS_INLINE bool OtherCellsMayBeUsed(std::memory_order order) const {
    return (other_used_word->load(order) & other_used_bit) != 0;
  }
  // Called before cell 2 or 3 is written. The acquire load of a bit already set
  // synchronizes with the read-modify-write that set it, so that write is ordered before
  // the caller's publication in the single total order of sequentially consistent
  // operations, as if the caller had set the bit itself.
  RL_ALWAYS_INLINE void MarkOtherCellsUsed() const {
    if (!(other_used_word->load(std::memory_order_acquire) & other_used_bit))
      other_used_word->fetch_or(other_used_bit, std::memory_order_seq_cst);
  }
  RL_ALWAYS_INLINE std::atomic<u64> &cell(unsigned i) const {
    return i < kFirstCells ? first_cells[i] : other_cells[i - kFirstCells];
  }
};

RL_ALWAYS_INLINE GranuleShadow GranuleShadowIn(ShadowBlock *block, uptr granule) {
  return GranuleShadow{block->first_cells[granule], block->other_cells()[granule],
                       &block->other_used[granule / 64], u64{1} << (granule % 64)};
}

extern std::atomic<ShadowBlock *> *g_shadow_l1;

void InitShadow();
ShadowBlock *MapShadowBlock(uptr page_index);  // slow path: gives out and installs a block

// Huge pages only for large allocations. A 2 MiB huge page of hot parts is resident as a
// whole as soon as one of its ~15 blocks is touched: for memory touched sparsely (thread
// stacks, small heap chunks spread over an arena, parts of mapped files) that was a fifth of
// leveldb's peak RSS. The TLB misses huge pages save are those of large working sets, which
// live in large allocations. So ordinary blocks come from the bottom of the reservation,
// in 4 KiB pages; the blocks of a large allocation (malloc family, anonymous mmap: at least
// kHugeShadowMinBytes, at most kHugeShadowMaxBytes) are installed when it is made, from the
// top of the reservation, whose hot parts are advised MADV_HUGEPAGE as they are handed out.
// Pages of the range that already have a block keep it. No-op with shadow_huge_pages=0,
// and once the blocks so given would exceed a quarter of the reservation.
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

// How much of the mapped shadow is resident, by array (statistics at exit, verbosity=1;
// slow: asks the kernel about every shadow page).
struct ShadowResidency {
  uptr blocks, first_cells, other_cells;
};
ShadowResidency MeasureShadowResidency();

}  // namespace rl

#endif  // RACELIGHT_SHADOW_MAP_H
