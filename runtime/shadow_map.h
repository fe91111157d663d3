// Where the shadow of an application address lives.
//
// A fixed-depth (two-level) table: the application address space (47 bits on x86-64 Linux)
// is cut into 64 KiB pages; a level-1 array, reserved once with MAP_NORESERVE, holds for each
// page a pointer to its shadow block, mapped the first time anything in the page is accessed.
// A block holds, per 8-byte granule, kCellsPerGranule cells and the site id of each cell.
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

struct ShadowBlock {
  std::atomic<u64> cells[kGranulesPerPage][shadow::kCellsPerGranule];
  std::atomic<u32> sites[kGranulesPerPage][shadow::kCellsPerGranule];
};
static_assert(sizeof(ShadowBlock) == kGranulesPerPage * shadow::kCellsPerGranule * 12,
              "no padding in shadow blocks");

// The granule's cells and site ids.
struct GranuleShadow {
  std::atomic<u64> *cells;
  std::atomic<u32> *sites;
};

extern std::atomic<ShadowBlock *> *g_shadow_l1;

void InitShadow();
ShadowBlock *MapShadowBlock(uptr page_index);  // slow path: maps and installs a block

// Shadow of the granule containing `addr`; maps the block on first touch.
RL_ALWAYS_INLINE GranuleShadow ShadowFor(uptr addr) {
  uptr page = (addr >> kPageBits) & (kL1Entries - 1);
  ShadowBlock *block = g_shadow_l1[page].load(std::memory_order_acquire);
  if (RL_UNLIKELY(!block)) block = MapShadowBlock(page);
  uptr granule = (addr & (kPageSize - 1)) >> 3;
  return GranuleShadow{block->cells[granule], block->sites[granule]};
}

// The granule's cells if its shadow is mapped, else null (hot paths: no call).
RL_ALWAYS_INLINE const std::atomic<u64> *MappedCellsFor(uptr addr) {
  uptr page = (addr >> kPageBits) & (kL1Entries - 1);
  ShadowBlock *block = g_shadow_l1[page].load(std::memory_order_acquire);
  return RL_LIKELY(block) ? block->cells[(addr & (kPageSize - 1)) >> 3] : nullptr;
}

// Forgets every access remembered for [begin, begin+size): used when memory gets a new
// owner (malloc), a thread stack is reused, or memory is unmapped. Whole granules are
// cleared (callers pass granule-aligned heap and stack ranges).
void ResetShadowRange(uptr begin, uptr size);

// Bytes of shadow mapped so far (for statistics).
uptr ShadowBytesMapped();

}  // namespace rl

#endif  // RACELIGHT_SHADOW_MAP_H
