// The per-access entry points called by instrumented code, and their slow paths.
#include "access.h"

#include "race_report.h"
#include "shadow_encoding.h"
#include "shadow_map.h"
#include "site_table.h"
#include "thread_state.h"

namespace rl {

using namespace shadow;

namespace {

// Flags of the cell an access would leave.
RL_ALWAYS_INLINE u64 CellFlags(u32 flags) {
  return ((flags & kAccessWrite) || (flags & kAccessFree) ? kWrite : 0) |
         ((flags & kAccessAtomic) ? kAtomic : 0) | ((flags & kAccessFree) ? kFree : 0);
}

// Hot path: the granule already records this very access (same thread, same epoch, at
// least as strong, covering these bytes).
RL_ALWAYS_INLINE bool AlreadyRecorded(const GranuleShadow &g, u64 epoch_bits, u64 flags,
                                      u32 mask) {
  // A write in this epoch covers a later read of the same bytes: any access that would
  // conflict with the read conflicts with the write, and is concurrent with both.
  u64 ignored = kMaskField | ((flags & kWrite) ? 0 : kWrite);
  u64 want = epoch_bits | flags;
  for (unsigned i = 0; i < kCellsPerGranule; ++i) {
    u64 c = g.cells[i].load(std::memory_order_relaxed);
    if ((c & ~ignored) == want && (u32(c) & mask) == mask) return true;
  }
  return false;
}

RL_ALWAYS_INLINE bool HappensBefore(const ThreadState *ts, Cell c) {
  u32 slot = SlotOf(c);
  return slot == ts->slot || ClockOf(c) <= ts->clock.Get(slot);
}

// Publishes `cell` with `site_id` in cell `i` if it still holds `expected`. The site is
// stored first and the cell with release order, so a thread that reads the new cell (with
// acquire) also reads its site; if the cell changed meanwhile, the site slot is restored.
bool PublishCell(const GranuleShadow &g, unsigned i, Cell expected, Cell cell, u32 site_id) {
  u32 old_site = g.sites[i].load(std::memory_order_relaxed);
  g.sites[i].store(site_id, std::memory_order_relaxed);
  if (g.cells[i].compare_exchange_strong(expected, cell, std::memory_order_release,
                                         std::memory_order_relaxed))
    return true;
  u32 ours = site_id;
  g.sites[i].compare_exchange_strong(ours, old_site, std::memory_order_relaxed);
  return false;
}

// Records `cur` in the granule. Cells it subsumes (ordered before it, same bytes) are shrunk
// or replaced; a cell of the same epoch and kind is widened instead of adding one.
void RecordAccess(ThreadState *ts, const GranuleShadow &g, Cell cur, u32 site_id) {
  u32 mask = MaskOf(cur);
  int free_index = -1;
  bool stored = false;
  for (unsigned i = 0; i < kCellsPerGranule; ++i) {
    Cell c = g.cells[i].load(std::memory_order_relaxed);
    if (IsEmpty(c)) {
      if (free_index < 0) free_index = int(i);
      continue;
    }
    if ((c & ~kMaskField) == (cur & ~kMaskField)) {
      // Same thread, epoch and kind: one cell covers both accesses.
      if (!stored && PublishCell(g, i, c, c | mask, site_id)) stored = true;
      continue;
    }
    if (!(MaskOf(c) & mask) || !HappensBefore(ts, c) || !Subsumes(cur, c)) continue;
    u32 remaining = MaskOf(c) & ~mask;
    if (remaining) {
      g.cells[i].compare_exchange_strong(c, WithMask(c, remaining), std::memory_order_relaxed);
    } else if (!stored) {
      if (PublishCell(g, i, c, cur, site_id)) stored = true;
    } else if (g.cells[i].compare_exchange_strong(c, 0, std::memory_order_relaxed)) {
      if (free_index < 0) free_index = int(i);
    }
  }
  if (stored) return;
  if (free_index >= 0 && PublishCell(g, unsigned(free_index), 0, cur, site_id)) return;
  // Full: evict, preferring a read (a write must stay to catch later reads), starting at a
  // pseudo-random cell so that no cell is always the victim.
  unsigned start = unsigned(ClockOf(cur) ^ (uptr(&g.cells[0]) >> 5)) % kCellsPerGranule;
  unsigned victim = start;
  for (unsigned k = 0; k < kCellsPerGranule; ++k) {
    unsigned i = (start + k) % kCellsPerGranule;
    if (!IsWrite(g.cells[i].load(std::memory_order_relaxed))) {
      victim = i;
      break;
    }
  }
  g.sites[victim].store(site_id, std::memory_order_relaxed);
  g.cells[victim].store(cur, std::memory_order_release);
}

// Slow path for the part of an access that lies in one granule. Returns true when it
// reported (so range checks report once).
RL_NOINLINE bool CheckGranuleSlow(ThreadState *ts, uptr addr, uptr size, const GranuleShadow &g,
                                  u32 mask, u32 flags, const rl_site *site, bool may_report) {
  Cell cur = ts->epoch_bits | CellFlags(flags) | mask;
  bool reported = false;
  for (unsigned i = 0; i < kCellsPerGranule && may_report && !reported; ++i) {
    Cell c = g.cells[i].load(std::memory_order_acquire);  // pairs with PublishCell
    if (IsEmpty(c) || !(MaskOf(c) & mask) || !KindsConflict(c, cur) || HappensBefore(ts, c))
      continue;
    RaceReportRequest request;
    request.ts = ts;
    request.address = addr;
    request.size = size;
    request.flags = flags;
    request.site = site;
    request.previous = c;
    request.previous_site_id = g.sites[i].load(std::memory_order_relaxed);
    request.granule_base = addr & ~uptr(kGranuleSize - 1);
    reported = ReportRace(request);
  }
  RecordAccess(ts, g, cur, SiteId(site));
  return reported;
}

template <unsigned kSize, u32 kFlags>
RL_ALWAYS_INLINE void CheckFixed(const void *addr, const rl_site *site) {
  ThreadState *ts = CurrentThread();
  if (RL_UNLIKELY(ts->ignore)) return;
  uptr a = uptr(addr);
  unsigned offset = a & (kGranuleSize - 1);
  if (RL_UNLIKELY(offset + kSize > kGranuleSize))
    return CheckAccessRange(ts, a, kSize, kFlags, site);
  GranuleShadow g = ShadowFor(a);
  u32 mask = AccessMask(offset, kSize);
  if (RL_LIKELY(AlreadyRecorded(g, ts->epoch_bits, CellFlags(kFlags), mask))) return;
  CheckGranuleSlow(ts, a, kSize, g, mask, kFlags, site, true);
}

}  // namespace

void CheckAccessRange(ThreadState *ts, uptr addr, uptr size, u32 flags, const rl_site *site) {
  if (!size || ts->ignore) return;
  u64 cell_flags = CellFlags(flags);
  bool may_report = true;
  uptr end = addr + size;
  for (uptr a = addr; a < end;) {
    uptr granule_end = (a | (kGranuleSize - 1)) + 1;
    uptr chunk_end = end < granule_end ? end : granule_end;
    unsigned offset = a & (kGranuleSize - 1);
    u32 mask = AccessMask(offset, unsigned(chunk_end - a));
    GranuleShadow g = ShadowFor(a);
    if (!AlreadyRecorded(g, ts->epoch_bits, cell_flags, mask) &&
        CheckGranuleSlow(ts, addr, size, g, mask, flags, site, may_report))
      may_report = false;  // one report per range access is enough
    a = chunk_end;
  }
}

}  // namespace rl

using rl::CheckFixed;
using rl::kAccessRead;
using rl::kAccessWrite;

#define RL_DEFINE_ACCESS(size)                                             \
  RL_EXPORT void __rl_read##size(const void *addr, const rl_site *site) {  \
    rl::CheckFixed<size, kAccessRead>(addr, site);                          \
  }                                                                         \
  RL_EXPORT void __rl_write##size(const void *addr, const rl_site *site) { \
    rl::CheckFixed<size, kAccessWrite>(addr, site);                         \
  }

RL_DEFINE_ACCESS(1)
RL_DEFINE_ACCESS(2)
RL_DEFINE_ACCESS(4)
RL_DEFINE_ACCESS(8)
RL_DEFINE_ACCESS(16)

RL_EXPORT void __rl_read_range(const void *addr, uint64_t size, const rl_site *site) {
  rl::ThreadState *ts = rl::CurrentThread();
  rl::CheckAccessRange(ts, rl::uptr(addr), size, kAccessRead, site);
}

RL_EXPORT void __rl_write_range(const void *addr, uint64_t size, const rl_site *site) {
  rl::ThreadState *ts = rl::CurrentThread();
  rl::CheckAccessRange(ts, rl::uptr(addr), size, kAccessWrite, site);
}

// ---- Shadow call stack ----

RL_EXPORT const rl_site **__rl_func_entry(const rl_site *function) {
  rl::ThreadState *ts = rl::CurrentThread();
  rl::uptr frame = rl::uptr(__builtin_frame_address(0));
  rl::u32 depth = ts->depth;
  // Frames at or below this one on the stack were left without __rl_func_exit (longjmp,
  // or unwinding through code the pass could not give a cleanup): drop them. The distance
  // bound keeps a signal handler on an alternate stack from dropping the real frames.
  while (depth && depth <= rl::kMaxShadowFrames && ts->frames[depth - 1].frame_address <= frame &&
         frame - ts->frames[depth - 1].frame_address < (rl::uptr(1) << 26))
    --depth;
  if (RL_UNLIKELY(depth >= rl::kMaxShadowFrames || ts->ignore >= (1 << 20))) {
    if (ts->ignore < (1 << 20)) ts->depth = depth + 1;
    return &ts->scratch_callsite;
  }
  rl::ShadowFrame &f = ts->frames[depth];
  f.function = function;
  f.callsite = nullptr;
  f.frame_address = frame;
  ts->depth = depth + 1;
  return &f.callsite;
}

RL_EXPORT void __rl_func_exit(void) {
  rl::ThreadState *ts = rl::CurrentThread();
  if (RL_LIKELY(ts->depth) && ts->ignore < (1 << 20)) --ts->depth;
}
