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
static uptr g_region;      // start of the reservation: block n is at g_region + n * 128 KiB
static uptr g_max_blocks;  // blocks the reservation holds
// Block numbers handed out: ordinary blocks from 0 up (low 32 bits), blocks of large
// allocations from g_max_blocks - 1 down (high 32 bits); one word, so that a single
// read-modify-write both takes a number and sees whether the two ends have met.
static std::atomic<u64> g_blocks_given{0};
static std::atomic<uptr> g_blocks_installed{0};  // of those, installed (statistics)
// Lowest address of the region advised MADV_HUGEPAGE (the large-allocation end grows
// down from the region's end). Lowered by compare-and-swap, no lock: a signal handler may
// allocate.
static std::atomic<uptr> g_huge_advised_low{0};
static_assert(kMaxShadowBlocks < (uptr{1} << 32), "both block counters fit in 32 bits");

void InitShadow() {
  if (g_shadow_l1) return;
  // The region first, so that a block is never installed before it exists.
  uptr blocks = kMaxShadowBlocks, region = 0, raw = 0;
  for (; blocks >= kMinShadowBlocks; blocks /= 2) {
    region = (blocks * sizeof(ShadowBlock) + kHugePageSize - 1) & ~(kHugePageSize - 1);
    raw = uptr(InternalMapZeroed(region + kHugePageSize));
    if (raw) break;
  }
  if (!raw)
    Die("cannot reserve address space for shadow memory (mmap with MAP_NORESERVE of %zu MiB "
        "failed: is the address space limited, ulimit -v?)",
        size_t((region + kHugePageSize) >> 20));
  uptr base = (raw + kHugePageSize - 1) & ~(kHugePageSize - 1);
  // No huge pages, even where the system gives them to every mapping, but for the blocks of
  // large allocations (ShadowPreferHugePages advises them as they are handed out; see
  // shadow_map.h).
  madvise(reinterpret_cast<void *>(base), region, MADV_NOHUGEPAGE);
  g_max_blocks = blocks;
  g_region = base;
  g_huge_advised_low.store(base + region, std::memory_order_relaxed);
  size_t l1_bytes = kL1Entries * sizeof(std::atomic<ShadowBlock *>);
  void *p = InternalMapZeroed(l1_bytes);
  if (!p) Die("cannot reserve the shadow table (mmap of %zu bytes failed)", l1_bytes);
  __atomic_store_n(&g_shadow_l1, static_cast<std::atomic<ShadowBlock *> *>(p), __ATOMIC_RELEASE);
}

namespace {

// A new block number: from the bottom of the reservation, or from its top for a block of
// a large allocation (`huge`). Dies when the two ends meet.
uptr TakeBlockNumber(bool huge) {
  u64 given = g_blocks_given.fetch_add(huge ? u64{1} << 32 : 1, std::memory_order_relaxed);
  uptr low = uptr(given & 0xffffffffu), high = uptr(given >> 32);
  if (low + high >= g_max_blocks)
    Die("shadow memory exhausted: the program touched more than %zu MiB of distinct memory "
        "(the address space reserved for shadow was limited at start-up)",
        size_t((g_max_blocks * kPageSize) >> 20));
  return huge ? g_max_blocks - 1 - high : low;
}

ShadowBlock *BlockNumbered(uptr n) {
  return reinterpret_cast<ShadowBlock *>(g_region + n * sizeof(ShadowBlock));
}

// Advises huge pages for the region from `block` up to the region's end (what earlier
// calls advised already is not advised again). Ahead by kHugeAdviceStep, so that a large
// allocation costs a system call per 32 MiB of shadow at most; advice on
// blocks not yet handed out costs nothing (nothing is touched).
constexpr uptr kHugeAdviceStep = uptr{32} << 20;
void AdviseHugeFrom(ShadowBlock *block) {
  uptr want = uptr(block) & ~(kHugePageSize - 1);
  uptr high = g_huge_advised_low.load(std::memory_order_relaxed);
  while (want < high) {
    // Whoever lowers the mark advises what lies between the old mark and the new one.
    uptr low = high > kHugeAdviceStep ? high - kHugeAdviceStep : 0;
    if (low > want) low = want & ~(kHugeAdviceStep - 1);
    if (low < g_region) low = g_region;
    if (g_huge_advised_low.compare_exchange_weak(high, low, std::memory_order_relaxed)) {
      madvise(reinterpret_cast<void *>(low), high - low, MADV_HUGEPAGE);
      return;
    }
  }
}

// Installs a new block for `page` unless one is there; returns the installed block.
ShadowBlock *InstallBlock(uptr page, bool huge) {
  ShadowBlock *existing = g_shadow_l1[page].load(std::memory_order_acquire);
  if (existing) return existing;
  ShadowBlock *mine = BlockNumbered(TakeBlockNumber(huge));
  if (huge) AdviseHugeFrom(mine);
  if (g_shadow_l1[page].compare_exchange_strong(existing, mine, std::memory_order_acq_rel)) {
    g_blocks_installed.fetch_add(1, std::memory_order_relaxed);
    return mine;
  }
  // Another thread installed a block first: block n stays unused (never touched, so it
  // costs address space only).
  return existing;
}

}  // namespace

ShadowBlock *MapShadowBlock(uptr page) {
  if (RL_UNLIKELY(!g_shadow_l1)) InitShadow();
  return InstallBlock(page, false);
}

void ShadowPreferHugePages(uptr begin, uptr size) {
  if (size < kHugeShadowMinBytes || size > kHugeShadowMaxBytes || !g_shadow_l1 ||
      !Flags().shadow_huge_pages)
    return;
  uptr first = begin >> kPageBits, last = (begin + size - 1) >> kPageBits;
  // Blocks are installed before anything is touched: a program that allocates large and
  // touches little would spend block numbers that first touches alone would not. The huge
  // end takes at most a quarter of the reservation; beyond it, first touches decide.
  uptr huge_given = uptr(g_blocks_given.load(std::memory_order_relaxed) >> 32);
  if (huge_given + (last - first + 1) > g_max_blocks / 4) return;
  for (uptr page = first; page <= last; ++page) InstallBlock(page & (kL1Entries - 1), true);
}

static void ClearCell(std::atomic<shadow::Cell> &cell) {
  // Relaxed atomic stores rather than memset: other threads may legitimately touch
  // neighbouring granules of the same block at the same time.
  if (cell.load(std::memory_order_relaxed) != 0) cell.store(0, std::memory_order_relaxed);
}

static void ClearGranules(ShadowBlock *block, uptr first, uptr count) {
  for (uptr g = first; g < first + count; ++g)
    for (unsigned i = 0; i < shadow::kCellsPerGranule; ++i) ClearCell(block->cells[g][i]);
}

// Hands every page of a whole block back to the kernel (zero pages on the next touch).
static void DiscardBlock(ShadowBlock *block) { madvise(block, sizeof(ShadowBlock), MADV_DONTNEED); }

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
        // gives zero pages on the next touch. Cheaper than writing 128 KiB.
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
  u64 given = g_blocks_given.load(std::memory_order_relaxed);
  uptr low = uptr(given & 0xffffffffu), high = uptr(given >> 32);
  if (low > g_max_blocks) low = g_max_blocks;
  if (high > g_max_blocks - low) high = g_max_blocks - low;
  static unsigned char vec[sizeof(ShadowBlock) / 4096];
  for (uptr k = 0; k < low + high; ++k) {
    ShadowBlock *b = BlockNumbered(k < low ? k : g_max_blocks - 1 - (k - low));
    r.cells += ResidentBytes(b->cells, sizeof(b->cells), vec);
  }
  return r;
}

}  // namespace rl

namespace rl {

void DiscardAllShadow() {
  u64 given = g_blocks_given.load(std::memory_order_acquire);
  uptr low = uptr(given & 0xffffffffu), high = uptr(given >> 32);
  if (low > g_max_blocks) low = g_max_blocks;
  if (high > g_max_blocks - low) high = g_max_blocks - low;
  // Both ends of the reservation.
  auto discard = [](uptr first, uptr count) {
    if (count) madvise(BlockNumbered(first), count * sizeof(ShadowBlock), MADV_DONTNEED);
  };
  discard(0, low);
  discard(g_max_blocks - high, high);
}

}  // namespace rl
