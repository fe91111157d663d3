#include "shadow_map.h"

#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diagnostics.h"
#include "internal_alloc.h"
#include "options.h"

namespace rl {

std::atomic<ShadowBlock *> *g_shadow_l1;
uptr g_cold_distance;
static uptr g_hot_region;  // start of the reservation: the hot parts of the blocks
static uptr g_max_blocks;  // blocks the reservation holds
static std::atomic<uptr> g_blocks_given{0};      // block numbers handed out
static std::atomic<uptr> g_blocks_installed{0};  // of those, installed (statistics)

void InitShadow() {
  if (g_shadow_l1) return;
  // The regions first, so that a block is never installed before they exist.
  uptr blocks = kMaxShadowBlocks, region = 0, raw = 0;
  for (; blocks >= kMinShadowBlocks; blocks /= 2) {
    region = (blocks * sizeof(ShadowBlock) + kHugePageSize - 1) & ~(kHugePageSize - 1);
    raw = uptr(InternalMapZeroed(2 * region + kHugePageSize));
    if (raw) break;
  }
  if (!raw)
    Die("cannot reserve address space for shadow memory (mmap with MAP_NORESERVE of %zu MiB "
        "failed: is the address space limited, ulimit -v?)",
        size_t((2 * region + kHugePageSize) >> 20));
  uptr base = (raw + kHugePageSize - 1) & ~(kHugePageSize - 1);
  // Hot parts: huge pages (see shadow_map.h); cold parts: never, even where the system
  // gives them to every mapping.
  madvise(reinterpret_cast<void *>(base), region,
          Flags().shadow_huge_pages ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  madvise(reinterpret_cast<void *>(base + region), region, MADV_NOHUGEPAGE);
  g_max_blocks = blocks;
  g_cold_distance = region;
  g_hot_region = base;
  size_t l1_bytes = kL1Entries * sizeof(std::atomic<ShadowBlock *>);
  void *p = InternalMapZeroed(l1_bytes);
  if (!p) Die("cannot reserve the shadow table (mmap of %zu bytes failed)", l1_bytes);
  __atomic_store_n(&g_shadow_l1, static_cast<std::atomic<ShadowBlock *> *>(p), __ATOMIC_RELEASE);
}

ShadowBlock *MapShadowBlock(uptr page) {
  if (RL_UNLIKELY(!g_shadow_l1)) InitShadow();
  ShadowBlock *existing = g_shadow_l1[page].load(std::memory_order_acquire);
  if (existing) return existing;
  uptr n = g_blocks_given.fetch_add(1, std::memory_order_relaxed);
  if (n >= g_max_blocks)
    Die("shadow memory exhausted: the program touched more than %zu MiB of distinct memory "
        "(the address space reserved for shadow was limited at start-up)",
        size_t((g_max_blocks * kPageSize) >> 20));
  ShadowBlock *mine = reinterpret_cast<ShadowBlock *>(g_hot_region + n * sizeof(ShadowBlock));
  if (g_shadow_l1[page].compare_exchange_strong(existing, mine, std::memory_order_acq_rel)) {
    g_blocks_installed.fetch_add(1, std::memory_order_relaxed);
    return mine;
  }
  // Another thread installed a block first: block n stays unused (never touched, so it
  // costs address space only).
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
  std::atomic<u64> *used = block->other_used;
  std::atomic<u64>(*other)[kOtherCells] = block->other_cells();
  for (uptr g = first; g < first + count; ++g) {
    std::atomic<u64> &word = used[g / 64];
    u64 bit = u64{1} << (g % 64);
    if (!(word.load(std::memory_order_relaxed) & bit)) continue;  // cells 2-3 never used
    for (unsigned i = 0; i < kOtherCells; ++i) ClearCell(other[g][i]);
    word.fetch_and(~bit, std::memory_order_relaxed);
  }
}

// Hands every page of a whole block back to the kernel (zero pages on the next touch).
static void DiscardBlock(ShadowBlock *block) {
  madvise(block, sizeof(ShadowBlock), MADV_DONTNEED);
  madvise(block->cold(), sizeof(ShadowColdBlock), MADV_DONTNEED);
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
        // gives zero pages on the next touch. Cheaper than writing 256 KiB.
        DiscardBlock(block);
      } else {
        ClearGranules(block, first, count);
      }
    }
    addr = chunk_end;
  }
}

uptr ShadowBytesMapped() {
  return g_blocks_installed.load(std::memory_order_relaxed) * kShadowBytesPerBlock;
}

namespace {
// Resident bytes of [p, p + bytes) (page-aligned p), by mincore.
uptr ResidentBytes(const void *p, uptr bytes, unsigned char *vec) {
  if (mincore(const_cast<void *>(p), bytes, vec) != 0) return 0;
  uptr n = 0;
  for (uptr i = 0; i < bytes / 4096; ++i) n += vec[i] & 1;
  return n * 4096;
}
}  // namespace

ShadowResidency MeasureShadowResidency() {
  ShadowResidency r{};
  r.blocks = g_blocks_installed.load(std::memory_order_relaxed);
  // Blocks are handed out in order from the reservation: walk them by number. (A number
  // lost to a concurrent installation was never touched and counts nothing.)
  uptr given = g_blocks_given.load(std::memory_order_relaxed);
  if (given > g_max_blocks) given = g_max_blocks;
  static unsigned char vec[sizeof(ShadowBlock) / 4096];
  for (uptr n = 0; n < given; ++n) {
    ShadowBlock *b = reinterpret_cast<ShadowBlock *>(g_hot_region + n * sizeof(ShadowBlock));
    ShadowColdBlock *c = b->cold();
    r.first_cells += ResidentBytes(b->first_cells, sizeof(b->first_cells), vec);
    r.other_cells += ResidentBytes(c->other_cells, sizeof(c->other_cells), vec);
  }
  return r;
}

}  // namespace rl
