#include "shadow_map.h"

#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diagnostics.h"
#include "internal_alloc.h"

namespace rl {

std::atomic<ShadowBlock *> *g_shadow_l1;
static std::atomic<uptr> g_shadow_bytes{0};

void InitShadow() {
  if (g_shadow_l1) return;
  size_t bytes = kL1Entries * sizeof(std::atomic<ShadowBlock *>);
  void *p = InternalMapZeroed(bytes);
  if (!p) Die("cannot reserve the shadow table (mmap of %zu bytes failed)", bytes);
  g_shadow_l1 = static_cast<std::atomic<ShadowBlock *> *>(p);
}

ShadowBlock *MapShadowBlock(uptr page) {
  if (RL_UNLIKELY(!g_shadow_l1)) InitShadow();
  ShadowBlock *existing = g_shadow_l1[page].load(std::memory_order_acquire);
  if (existing) return existing;
  void *p = InternalMapZeroed(sizeof(ShadowBlock));
  if (!p) Die("out of memory mapping shadow (%zu bytes)", sizeof(ShadowBlock));
  ShadowBlock *mine = static_cast<ShadowBlock *>(p);
  if (g_shadow_l1[page].compare_exchange_strong(existing, mine, std::memory_order_acq_rel)) {
    g_shadow_bytes.fetch_add(sizeof(ShadowBlock), std::memory_order_relaxed);
    return mine;
  }
  InternalUnmap(p, sizeof(ShadowBlock));
  return existing;
}

static void ClearCell(std::atomic<u64> &cell) {
  // Relaxed atomic stores rather than memset: other threads may legitimately touch
  // neighbouring granules of the same block at the same time.
  if (cell.load(std::memory_order_relaxed) != 0) cell.store(0, std::memory_order_relaxed);
}

static void ClearGranules(ShadowBlock *block, uptr first, uptr count) {
  for (uptr g = first; g < first + count; ++g)
    for (unsigned i = 0; i < kFirstCells; ++i) ClearCell(block->first_cells[g][i]);
  for (uptr g = first; g < first + count; ++g)
    for (unsigned i = 0; i < kOtherCells; ++i) ClearCell(block->other_cells[g][i]);
}

void ResetShadowRange(uptr begin, uptr size) {
  if (!size || !g_shadow_l1) return;
  uptr start = begin & ~uptr(shadow::kGranuleSize - 1);
  uptr end = (begin + size + shadow::kGranuleSize - 1) & ~uptr(shadow::kGranuleSize - 1);
  for (uptr addr = start; addr < end;) {
    uptr page = (addr >> kPageBits) & (kL1Entries - 1);
    uptr page_end = (addr | (kPageSize - 1)) + 1;
    uptr chunk_end = end < page_end ? end : page_end;
    ShadowBlock *block = g_shadow_l1[page].load(std::memory_order_acquire);
    if (block) {
      uptr first = (addr & (kPageSize - 1)) >> 3;
      uptr count = (chunk_end - addr) >> 3;
      if (count == kGranulesPerPage) {
        // The whole page changes owner: hand the block's pages back to the kernel, which
        // gives zero pages on the next touch. Cheaper than writing 384 KiB.
        madvise(block, sizeof(ShadowBlock), MADV_DONTNEED);
      } else {
        ClearGranules(block, first, count);
      }
    }
    addr = chunk_end;
  }
}

uptr ShadowBytesMapped() { return g_shadow_bytes.load(std::memory_order_relaxed); }

}  // namespace rl
