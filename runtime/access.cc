// The per-access entry points called by instrumented code, and their slow paths.
#include "access.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "access_history.h"
#include "cell_choice.h"
#include "clock_reset.h"
#include "options.h"
#include "race_report.h"
#include "shadow_encoding.h"
#include "shadow_map.h"
#include "site_table.h"
#include "spin_mutex.h"
#include "stack_depot.h"
#include "thread_state.h"

namespace rl {

using namespace shadow;

namespace {

// Flags of the cell an access would leave.
RL_ALWAYS_INLINE Cell CellFlags(u32 flags) {
  return ((flags & kAccessWrite) || (flags & kAccessFree) ? kWrite : 0) |
         ((flags & kAccessAtomic) ? kAtomic : 0) | ((flags & kAccessFree) ? kFree : 0);
}

// Hot path: the granule already records this very access (same thread, same epoch, at
// least as strong, covering these bytes). The four cells are one 16-byte group, a quarter
// of a cache line: all four are checked, in one 16-byte load and compare on x86-64.
// Each cell must be read atomically (other threads update cells with relaxed atomics and
// compare-exchange): an aligned 16-byte SSE load is made of aligned accesses of at least 8
// bytes, so each 4-byte lane is read whole; the lanes may be read at different instants,
// as four relaxed loads may. The single load measured faster than four unrolled scalar
// checks (zstd -T2 -9 on 20 MB and xz -T2 -3 on 8 MB, six interleaved pairs each: faster
// or equal in 11 of 12 pairs, 5-10% less user time; design.md, Shadow memory).
RL_ALWAYS_INLINE bool AlreadyRecorded(const GranuleShadow &g, Cell epoch_bits, Cell flags,
                                      u32 mask) {
  // A write in this epoch covers a later read of the same bytes: any access that would
  // conflict with the read conflicts with the write, and is concurrent with both.
  Cell ignored = kMaskField | ((flags & kWrite) ? 0 : kWrite);
  Cell want = epoch_bits | flags;
  static_assert(kCellsPerGranule == 4 && sizeof(Cell) == 4, "four 32-bit cells, 16 bytes");
#if defined(__SSE2__)
  // Lane by lane: (cell & ~ignored) == want && (cell & mask) == mask. (g.cells is 16-byte
  // aligned: ShadowBlock.)
  __m128i v = _mm_load_si128(reinterpret_cast<const __m128i *>(g.cells));
  __m128i m = _mm_set1_epi32(int(mask));
  __m128i t1 = _mm_cmpeq_epi32(_mm_and_si128(v, _mm_set1_epi32(int(~ignored))),
                               _mm_set1_epi32(int(want)));
  __m128i t2 = _mm_cmpeq_epi32(_mm_and_si128(v, m), m);
  return _mm_movemask_epi8(_mm_and_si128(t1, t2)) != 0;
#else
  auto covers = [&](Cell c) { return (c & ~ignored) == want && (c & mask) == mask; };
  // Unrolled by hand, so that the hit path stays free of loops and spills.
  return covers(g.cells[0].load(std::memory_order_relaxed)) ||
         covers(g.cells[1].load(std::memory_order_relaxed)) ||
         covers(g.cells[2].load(std::memory_order_relaxed)) ||
         covers(g.cells[3].load(std::memory_order_relaxed));
#endif
}

// A snapshot of the granule's four cells into `out` (16-byte aligned), each cell read whole,
// as AlreadyRecorded reads them: one 16-byte load.
RL_ALWAYS_INLINE void LoadGranuleCells(const GranuleShadow &g, Cell out[kCellsPerGranule]) {
#if defined(__SSE2__)
  _mm_store_si128(reinterpret_cast<__m128i *>(out),
                  _mm_load_si128(reinterpret_cast<const __m128i *>(g.cells)));
#else
  for (unsigned i = 0; i < kCellsPerGranule; ++i)
    out[i] = g.cell(i).load(std::memory_order_seq_cst);
#endif
}

// Whether the granule's cells still hold `expected`: the re-scan after a publication. On
// x86 no load passes the publication's locked compare-exchange, so one 16-byte load (each
// lane read whole, as in LoadGranuleCells) orders as four sequentially consistent loads
// would; lanes read at different instants are what four loads give too. (Four loads and
// compares took 28 instructions of each slow path: callgrind, design.md session 12.)
RL_ALWAYS_INLINE bool GranuleUnchanged(const GranuleShadow &g,
                                       const Cell expected[kCellsPerGranule]) {
#if defined(__SSE2__) && defined(__x86_64__)
  const __m128i now = _mm_load_si128(reinterpret_cast<const __m128i *>(g.cells));
  const __m128i want = _mm_load_si128(reinterpret_cast<const __m128i *>(expected));
  return _mm_movemask_epi8(_mm_cmpeq_epi32(now, want)) == 0xffff;
#else
  for (unsigned i = 0; i < kCellsPerGranule; ++i)
    if (g.cell(i).load(std::memory_order_seq_cst) != expected[i]) return false;
  return true;
#endif
}

RL_ALWAYS_INLINE bool HappensBefore(const ThreadState *ts, Cell c) {
  u32 slot = SlotOf(c);
  return slot == ts->slot || ClockOf(c) <= ts->clock.Get(slot);
}

// Publishes `cell` in cell `i` if it still holds `expected`; false if it did not. A
// sequentially consistent compare-exchange, so that the re-scan in CheckGranuleSlow sees
// every cell published concurrently (see there). The access's site is already in the
// slot's history (NoteAccess, before): whoever reads the cell finds it there.
bool PublishCell(const GranuleShadow &g, unsigned i, Cell expected, Cell cell) {
  return g.cell(i).compare_exchange_strong(expected, cell, std::memory_order_seq_cst,
                                           std::memory_order_relaxed);
}

// The interned call path of the current function's callers: the path of the frame below
// its own (the innermost frame's callsite slot holds its last call, not this point).
// A frame keeps its path while it makes the same call (a loop calling one function), so
// this is mostly two loads; else one trie step per outer frame whose call changed
// (CallPathIntern). 0: no callers (a thread's first function), frames past
// kMaxShadowFrames, or a new path in a signal handler that interrupted a runtime critical
// section.
RL_ALWAYS_INLINE const rl_site *FrameCall(const ShadowFrame &f) {
  return f.callsite ? f.callsite : f.function;
}
RL_ALWAYS_INLINE bool PathValid(const ShadowFrame &f) {
  return f.path && f.path_site == FrameCall(f);
}

RL_NOINLINE u64 InternCallersSlow(ThreadState *ts, u32 k) {
  int j = int(k);
  while (j >= 0 && !PathValid(ts->frames[j])) --j;
  u64 path = j >= 0 ? ts->frames[j].path : 0;
  for (u32 i = u32(j + 1); i <= k; ++i) {
    ShadowFrame &f = ts->frames[i];
    const rl_site *call = FrameCall(f);
    path = CallPathIntern(path, call);
    if (!path) return 0;
    // A signal handler running on this stack may read the frame between the two stores:
    // it must see no path, or the whole new one (never the old path with the new site).
    f.path = 0;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    f.path_site = call;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    f.path = path;
  }
  return path;
}

RL_ALWAYS_INLINE u64 CallersOf(ThreadState *ts) {
  u32 depth = ts->depth;
  if (depth < 2 || depth - 2 >= kMaxShadowFrames) return 0;
  const ShadowFrame &f = ts->frames[depth - 2];
  return RL_LIKELY(PathValid(f)) ? f.path : InternCallersSlow(ts, depth - 2);
}

// Appends the access to its slot's history (access_history.h), before any cell that
// records it is published (the publication's release orders the entry before it).
// `callers`: CallersOf(ts), when the caller has it already.
RL_ALWAYS_INLINE void NoteAccess(ThreadState *ts, uptr granule, Cell cur, u32 site_id,
                                 const u64 *callers = nullptr) {
  if (RL_UNLIKELY(ts->history_slot != ts->slot)) {
    ts->history = AllocSlotHistory(ts->slot);
    ts->history_slot = ts->slot;
  }
  AppendHistory(ts->history, granule, u32(cur >> kWriteBit) & ((1u << kHistoryKindBits) - 1),
                MaskOf(cur), site_id, ClockOf(cur), callers ? *callers : CallersOf(ts));
}

// Publishes `cell` in cell `i` with plain stores: no locked instruction; the re-scan that
// Dekker's argument owes is deferred (RecheckUnfenced).
// Used only to widen the thread's own cell of its current epoch in a granule with room:
// - no other thread targets that cell meanwhile (it replaces only cells ordered before
//   its access, and a cell of an epoch not yet released is ordered before nothing; it
//   evicts only in a full granule), so the plain store overwrites nobody's publication.
//   A first publication into an empty cell, where two threads do collide, keeps the
//   compare-exchange: with plain stores both threads' cells landed in cell 0 and one
//   overwrote the other, evidence and all (core/redundant_second_write.c, 2 misses in 40);
// - the other thread publishes in another cell, so the pair (store own cell, fence, load
//   the other's) against (store, fence, load) is Dekker's again, with the fence deferred.
// The cell with release: a reader that sees it sees the access's history entry.
RL_ALWAYS_INLINE void PublishCellUnfenced(const GranuleShadow &g, unsigned i, Cell cell) {
  g.cell(i).store(cell, std::memory_order_release);
}

// Attempts of a forced eviction whose victim keeps changing under it before it gives up.
constexpr int kEvictionTries = 1000;

// When more threads read a granule than it has cells (data shared read-only by many
// threads, after its initializing write), every new read would evict another thread's read,
// which that thread re-inserts at its next access: every access then takes the slow path
// and the granule's shadow line bounces between cores with a store each time. Instead only
// one in kFullReadEvictPeriod such reads evicts; the others are checked against the cells
// present but not recorded, and remembered in the thread's small UnrecordedRead table so
// that the thread's next reads of the granule in the same epoch return at once.
// What is lost is what eviction loses anyway (a read not remembered cannot be found racing
// with a later write, unless a remembered read of another thread does), and a write that
// appears in the granule after the first such read of the epoch is found by its own check
// against the remembered cells, not by the unremembered reader.
constexpr u32 kFullReadEvictPeriod = 16;

RL_ALWAYS_INLINE ThreadState::UnrecordedRead &UnrecordedReadEntry(ThreadState *ts, uptr granule) {
  return ts->unrecorded_reads[(granule >> 3) % ThreadState::kUnrecordedReads];
}

// Whether cell c[i] adds nothing once the access `cur` is remembered in the granule (in any
// cell but i): every byte of it is covered by `cur`, if it happens before `cur` and `cur`'s
// kind subsumes its kind, or by another cell y of its own thread, no older, of a kind that
// subsumes it. A later access that conflicts with c[i] on a byte and is concurrent with it
// (not ordered after it) conflicts with whichever of those covers the byte, and is
// concurrent with that one too: it is not ordered after `cur` (else, c[i] happening before
// `cur`, it would be ordered after c[i]) and not after y (y is c[i]'s thread's, no older).
// So c[i] can be replaced without losing a race; only the previous access a report names
// may be a later one of the same thread.
// The union matters: a thread that writes a granule half by half in each epoch leaves cells
// [W@7 ff] [W@12 f0], and W@13 0f then replaces W@7 instead of taking a third cell. Before,
// only a cell wholly covered by one newer cell went, and thread-private data filled all four
// cells of most granules (zstd -9 on 20 MB, with 64-bit cells: 9 million granules used
// cells 2-3, then kept in an array of their own).
RL_ALWAYS_INLINE bool ReplaceableBy(const ThreadState *ts, const Cell c[kCellsPerGranule],
                                    unsigned i, Cell cur) {
  Cell x = c[i];
  if (IsEmpty(x)) return false;
  u32 covered = 0;
  if (Subsumes(cur, x) && HappensBefore(ts, x)) covered = MaskOf(cur);
  for (unsigned j = 0; j < kCellsPerGranule; ++j) {
    Cell y = c[j];
    if (j != i && !IsEmpty(y) && SlotOf(y) == SlotOf(x) &&
        ClockOf(y) >= ClockOf(x) && Subsumes(y, x))
      covered |= MaskOf(y);
  }
  return !(MaskOf(x) & ~covered);
}

// The first cell of `c` that `cur` may replace (ReplaceableBy), or -1.
RL_ALWAYS_INLINE int ReplaceableCellIndex(const ThreadState *ts, const Cell c[kCellsPerGranule],
                                          Cell cur) {
  for (unsigned i = 0; i < kCellsPerGranule; ++i)
    if (ReplaceableBy(ts, c, i, cur)) return int(i);
  return -1;
}

// Index of a cell that `cur` may overwrite, losing some history, when the granule has no
// empty cell (and none that it replaces at no loss): a cell of this same thread that `cur`
// overlaps and whose kind it subsumes (ThreadSanitizer's rule for every store). Only cur's
// thread's older knowledge of the bytes the old cell alone covered is lost, and losing
// history can only hide a race, never invent one; another thread's cell stays. (Until the
// cells were 32 bits it was taken before an empty cell 2 or 3, to keep their separate
// array untouched.) Returns -1 if none.
RL_ALWAYS_INLINE int OwnCellToOverwrite(const ThreadState *ts, const Cell c[kCellsPerGranule],
                                        Cell cur) {
  for (unsigned i = 0; i < kCellsPerGranule; ++i)
    if (!IsEmpty(c[i]) && SlotOf(c[i]) == ts->slot &&
        (MaskOf(c[i]) & MaskOf(cur)) && Subsumes(cur, c[i]))
      return int(i);
  return -1;
}

// How good a victim `c` is when `cur` must evict a cell (higher is better; RecordAccess).
RL_ALWAYS_INLINE int EvictionRank(const ThreadState *ts, Cell cur, Cell c) {
  if (!IsWrite(c)) return 1;
  if (!IsWrite(cur) && !IsAtomic(cur) && !IsAtomic(c) && !IsFree(c) && HappensBefore(ts, c))
    return 2;
  return 0;
}

// Records `cur` in the granule, returning kStored. Cells it subsumes (ordered before it, same
// bytes) are shrunk or replaced; a cell of the same epoch and kind is widened instead of
// adding one. Returns kRetry, having stored nothing, when another thread changed the cell it meant to use: the
// caller checks the new contents for conflicts and tries again. With `force`, it never
// retries (a full granule evicts a cell). kSkipped: a read of a full granule, not recorded.
enum class RecordResult { kStored, kSkipped, kRetry };

RL_ALWAYS_INLINE RecordResult RecordAccess(ThreadState *ts, uptr granule, const GranuleShadow &g,
                                           Cell cur, bool force) {
  u32 mask = MaskOf(cur);
  // The bytes that this thread's cell of this epoch and kind covers once `cur` is in it.
  u32 covered = mask;
  for (unsigned i = 0; i < kCellsPerGranule; ++i) {
    Cell c = g.cell(i).load(std::memory_order_relaxed);
    if (!IsEmpty(c) && (c & ~kMaskField) == (cur & ~kMaskField))
      covered |= MaskOf(c);
  }
  int free_index = -1;
  bool stored = false;
  for (unsigned i = 0; i < kCellsPerGranule; ++i) {
    Cell c = g.cell(i).load(std::memory_order_relaxed);
    if (IsEmpty(c)) {
      if (free_index < 0) free_index = int(i);
      continue;
    }
    if ((c & ~kMaskField) == (cur & ~kMaskField)) {
      // Same thread, epoch and kind: one cell covers both accesses.
      if (!stored) {
        if (!PublishCell(g, i, c, c | mask) && !force) return RecordResult::kRetry;
        // (Forced and the cell changed meanwhile: this access goes unrecorded, which, like
        // eviction, can only lose history.)
        stored = true;
      }
      continue;
    }
    if (!(MaskOf(c) & mask) || !HappensBefore(ts, c) || !Subsumes(cur, c)) continue;
    // A cell that also covers bytes this thread's cell does not is kept whole: it is still
    // true history, and its other bytes need it. (It used to be shrunk to those bytes, a
    // locked instruction that bought nothing: the shrunk cell took a cell all the same. It
    // was 10 of the 25 million slow paths of zstd -9 on 5 MB.) A later access that covers
    // the rest makes it wholly covered, and it goes then.
    if (MaskOf(c) & ~covered) continue;
    if (!stored) {
      if (PublishCell(g, i, c, cur)) {
        stored = true;
      } else if (!force) {
        return RecordResult::kRetry;
      }
    } else if (g.cell(i).compare_exchange_strong(c, 0, std::memory_order_relaxed)) {
      if (free_index < 0) free_index = int(i);
    }
  }
  if (stored) return RecordResult::kStored;
  // A cell that `cur` and the cells of its thread cover is replaced at no loss, before an
  // empty cell is taken (see RecordWithoutConflict).
  {
    Cell c[kCellsPerGranule];
    for (unsigned i = 0; i < kCellsPerGranule; ++i) c[i] = g.cell(i).load(std::memory_order_relaxed);
    int replaceable = ReplaceableCellIndex(ts, c, cur);
    if (replaceable >= 0) {
      if (PublishCell(g, unsigned(replaceable), c[replaceable], cur))
        return RecordResult::kStored;
      if (!force) return RecordResult::kRetry;
    }
  }
  if (free_index >= 0) {
    if (PublishCell(g, unsigned(free_index), 0, cur)) return RecordResult::kStored;
    // Another thread took the free cell: check what it stored.
    if (!force) return RecordResult::kRetry;
  }
  // Full, and the access is a read: record only one such read in kFullReadEvictPeriod (see
  // there).
  if (!IsWrite(cur) && !IsAtomic(cur) && ++ts->full_granule_reads % kFullReadEvictPeriod != 0) {
    ThreadState::UnrecordedRead &entry = UnrecordedReadEntry(ts, granule);
    entry.granule = granule;
    entry.epoch_bits = ts->epoch_bits;
    return RecordResult::kSkipped;
  }
  // Full: evict, starting at a pseudo-random cell so that no cell is always the victim.
  // Preferred, in order:
  //  1. for a plain read, a plain write that happens before it (EvictionRank): the data's
  //     initializing write once more threads read it than there are cells. Keeping it
  //     would make the readers evict each other for ever; and a later write that races
  //     with it also races with this read (it cannot be ordered after this read without
  //     being ordered after the write), so only a later unordered *read* goes unseen;
  //  2. a read (a write must stay to catch later reads);
  //  3. anything else.
  unsigned start = unsigned(ClockOf(cur) ^ (uptr(g.cells) >> 5)) % kCellsPerGranule;
  for (int tries = 0; tries < kEvictionTries; ++tries) {
    int victim = -1, victim_rank = -1;
    Cell victim_cell = 0;
    for (unsigned k = 0; k < kCellsPerGranule; ++k) {
      unsigned i = (start + k) % kCellsPerGranule;
      Cell c = g.cell(i).load(std::memory_order_relaxed);
      int rank = EvictionRank(ts, cur, c);
      if (rank > victim_rank) {
        victim = int(i);
        victim_rank = rank;
        victim_cell = c;
      }
    }
    if (victim >= 0 && PublishCell(g, unsigned(victim), victim_cell, cur))
      return RecordResult::kStored;
    CpuRelax();
  }
  return RecordResult::kSkipped;  // every cell kept changing under us: give up this once
}

// Checks the cells of `g` against the access `cur` and reports the first conflict. Cells
// whose value equals `seen[i]` were checked already and are skipped; `seen` is updated.
// `addr` and `size` are the whole access's, `granule` the base address of the granule.
RL_ALWAYS_INLINE bool ReportConflicts(ThreadState *ts, uptr addr, uptr size, uptr granule,
                                      const GranuleShadow &g, Cell cur, u32 flags,
                                      const rl_site *site, Cell seen[kCellsPerGranule],
                                      u32 stack_depth = ~0u) {
  u32 mask = MaskOf(cur);
  for (unsigned i = 0; i < kCellsPerGranule; ++i) {
    Cell c = g.cell(i).load(std::memory_order_seq_cst);  // pairs with PublishCell
    if (c == seen[i]) continue;
    if (IsEmpty(c) || !(MaskOf(c) & mask) || !KindsConflict(c, cur) || HappensBefore(ts, c)) {
      seen[i] = c;
      continue;
    }
    seen[i] = c;
    RaceReportRequest request;
    request.ts = ts;
    request.address = addr;
    request.size = size;
    request.flags = flags;
    request.site = site;
    request.previous = c;
    request.granule_base = granule;
    request.stack_depth = stack_depth;
    if (ReportRace(request)) return true;
  }
  return false;
}

// The slow path's common case, in one pass over the cells: nothing the granule remembers
// conflicts with the access (its cells are this thread's own, or ordered before it, or
// compatible with it), so no report can come of it. The access widens the thread's cell of
// the same epoch and kind, else replaces the first cell ordered before it that it covers,
// else the first cell that it and the cells of that cell's thread cover (ReplaceableBy),
// else takes a free cell, else (the granule full) overwrites an overlapped cell of its own
// thread (OwnCellToOverwrite, losing some history); then the re-scan that the
// Dekker argument owes (see CheckGranuleSlow) must find the cells as they were but for that.
// Other cells that the result wholly covers are left as they are: true history, replaced
// by the next access that needs a cell (emptying them took a locked instruction each).
// Returns false, with nothing recorded, or with the access recorded but something changed
// meanwhile, when the general path must run: a conflicting or pending cell, no cell to
// use, a compare-exchange lost or a re-scan that differs. (zstd -9: 45% of the
// instructions executed were the general path's, before this.)
RL_ALWAYS_INLINE bool RecordWithoutConflict(ThreadState *ts, uptr addr, uptr size, u32 flags,
                                            const rl_site *site, uptr g_granule,
                                            const GranuleShadow &g, Cell cur) {
  alignas(kGranuleShadowBytes) Cell c[kCellsPerGranule];
  LoadGranuleCells(g, c);
  const u32 cur_mask = MaskOf(cur);
  int widen = -1, empty = -1, target;
  CellChoice choice;
  if (RL_LIKELY(OwnGranuleChoice(c, cur, ts->slot, &choice))) {
    // Every cell in use is this thread's: no conflict, and the choice nearly without branches
    // (cell_choice.h).
    target = choice.target;
    empty = choice.empty;
    if (choice.kind == CellChoiceKind::kWiden) widen = target;
  } else {
    // One pass: this thread's cell of this epoch and kind (to widen), the first cell that
    // `cur` alone covers and that happens before it (to replace), the first empty cell.
    const Cell kind_epoch = cur & ~kMaskField;
    int covered = -1;
    for (unsigned i = 0; i < kCellsPerGranule; ++i) {
      Cell x = c[i];
      if (IsEmpty(x)) {
        if (empty < 0) empty = int(i);
        continue;
      }
      if ((x & ~kMaskField) == kind_epoch) {
        if (widen < 0) widen = int(i);
        continue;
      }
      u32 m = MaskOf(x);
      bool needs_order = (m & cur_mask) && KindsConflict(x, cur);
      bool coverable = covered < 0 && !(m & ~cur_mask) && Subsumes(cur, x);
      if (needs_order || coverable) {
        bool before = HappensBefore(ts, x);
        if (needs_order && !before) return false;  // a conflict: the general path reports it
        if (coverable && before) covered = int(i);
      }
    }
    if (widen >= 0) {
      target = widen;
    } else if (covered >= 0) {
      target = covered;
    } else {
      // No cell that `cur` alone covers: one that `cur` and the cells of its thread cover
      // goes at no loss, else an empty cell is taken; only a full granule loses history
      // (this thread's own overlapped cell).
      target = ReplaceableCellIndex(ts, c, cur);
      if (target < 0) target = empty;
      if (target < 0) target = OwnCellToOverwrite(ts, c, cur);
    }
  }
  const Cell desired = widen >= 0 ? c[widen] | cur_mask : cur;
  if (target < 0 && !IsWrite(cur) && !IsAtomic(cur) &&
      (ts->full_granule_reads + 1) % kFullReadEvictPeriod != 0) {
    // Full, a plain read, nothing conflicting: not recorded, as RecordAccess would decide
    // (the one read in kFullReadEvictPeriod that evicts goes the general way).
    ++ts->full_granule_reads;
    ThreadState::UnrecordedRead &entry = UnrecordedReadEntry(ts, g_granule);
    entry.granule = g_granule;
    entry.epoch_bits = ts->epoch_bits;
    return true;
  }
  if (target < 0) return false;
  // Widening this thread's own cell of this epoch and kind, in a granule with room, is
  // published with plain stores, its re-scan deferred (see PublishCellUnfenced and
  // RecheckUnfencedSlow for why only then); never a free: the memory may get a new owner
  // (whose accesses, unordered with the free in the clocks, the model separates by
  // resetting the shadow) before the deferred re-scan. A full log is re-scanned first; it
  // stays full only where no report can be made (runtime locks held).
  bool unfenced = target == widen && empty >= 0 && RL_LIKELY(!ts->unfenced_busy) &&
                  !(flags & kAccessFree) && Flags().deferred_rescan;
  if (unfenced && RL_UNLIKELY(ts->num_unfenced == ThreadState::kUnfencedLog)) {
    RecheckUnfencedSlow(ts);
    unfenced = ts->num_unfenced < ThreadState::kUnfencedLog;
  }
  if (!unfenced) {
    // Every other publication claims its cell with a compare-exchange.
    if (!PublishCell(g, unsigned(target), c[target], desired)) return false;
    c[target] = desired;
    // The re-scan that the Dekker argument owes (see CheckGranuleSlow): all four cells.
    return GranuleUnchanged(g, c);
  }
  ts->unfenced_busy = true;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  PublishCellUnfenced(g, unsigned(target), desired);
  c[target] = desired;
  ThreadState::UnfencedPublication &e = ts->unfenced[ts->num_unfenced++];
  e.granule = g_granule;
  e.address = addr;
  e.size = u32(size);
  e.flags = flags;
  e.cell = cur;
  for (unsigned i = 0; i < kCellsPerGranule; ++i) e.cells_after[i] = c[i];
  e.site = site;
  e.depth = ts->depth;
  const bool framed = ts->depth && ts->depth <= kMaxShadowFrames;
  e.top_function = framed ? ts->frames[ts->depth - 1].function : nullptr;
  e.top_frame = framed ? ts->frames[ts->depth - 1].frame_address : 0;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  ts->unfenced_busy = false;
  return true;
}

void RecheckUnfencedInSection(ThreadState *ts);

}  // namespace

// The deferred re-scans of this thread's unfenced publications (see ThreadState::unfenced
// and CheckGranuleSlow): one fence, then each granule's cells again. A cell that another
// thread published since the access's own scan (it differs from what the access left) and
// that conflicts with it is a race, reported as the immediate re-scan would have. That
// cell cannot be ordered after the access (the access's thread has not synchronized since,
// see RecheckUnfenced's callers) and not before it (it was not there when the access
// looked, and a cell published before a release is visible to whoever acquires it).
// An entry whose epoch is no longer the thread's (it released since without a re-check)
// is skipped rather than checked with what the thread knows now: that could only lose the
// race, not invent one. Reports name the access's site; its callers only while the
// shadow stack still holds the access's frames.
void RecheckUnfencedSlow(ThreadState *ts) {
  if (ts->unfenced_busy || SpinLocksHeld()) return;
  if (!EnterShadowSection(ts)) return;
  RecheckUnfencedInSection(ts);
  LeaveShadowSection(ts);
}

namespace {
void RecheckUnfencedInSection(ThreadState *ts) {
  ts->unfenced_busy = true;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  const u32 n = ts->num_unfenced;
  for (u32 k = 0; k < n; ++k) {
    const ThreadState::UnfencedPublication &e = ts->unfenced[k];
    if ((e.cell & kEpochField) != ts->epoch_bits) continue;
    uptr index;
    ShadowBlock *block = MappedBlockFor(e.granule, &index);
    if (!block) continue;
    const GranuleShadow g = GranuleShadowIn(block, index);
    bool news = false;
    for (unsigned i = 0; i < kCellsPerGranule; ++i) {
      Cell x = g.cell(i).load(std::memory_order_seq_cst);
      if (x != e.cells_after[i] && !IsEmpty(x) && SlotOf(x) != ts->slot) news = true;
    }
    if (RL_LIKELY(!news)) continue;
    Cell seen[kCellsPerGranule];
    for (unsigned i = 0; i < kCellsPerGranule; ++i) seen[i] = e.cells_after[i];
    bool same_frames = e.depth <= ts->depth &&
                       (!e.top_function || (ts->frames[e.depth - 1].function == e.top_function &&
                                            ts->frames[e.depth - 1].frame_address == e.top_frame));
    ReportConflicts(ts, e.address, e.size, e.granule, g, e.cell, e.flags, e.site, seen,
                    same_frames ? e.depth : 0);
  }
  ts->num_unfenced = 0;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  ts->unfenced_busy = false;
}

// Attempts at recording before a full granule is forced to evict.
constexpr int kRecordAttempts = 4;

// Slow path for the part of an access [addr, addr + size) that lies in the granule at
// `granule`. Returns true when it reported (so range checks report once).
//
// Two threads that access the granule at the same moment must not both miss the other:
// each scans, then publishes its cell with a sequentially consistent read-modify-write, then
// scans again. In the single total order of those operations one publication comes first,
// and the other thread's second scan, which follows its own publication, sees it (Dekker's
// argument). A publication that loses a compare-exchange to another thread re-scans and
// retries instead of overwriting the cell the other thread just stored. (A widening of the
// thread's own cell defers its fence and re-scan with deferred_rescan=1:
// PublishCellUnfenced.)
//
// The granule's shadow is looked up here, not passed in: a GranuleShadow passed by
// reference had to be built on the caller's stack, six spilled words in every caller
// (the straddling-access path ran 131 instructions a call for that).
//
// The general path (ResolveGranule) is out of line: the common case then needs fewer
// registers saved and a smaller frame.
RL_NOINLINE bool ResolveGranule(ThreadState *ts, uptr addr, uptr size, uptr granule, Cell cur,
                                u32 flags, const rl_site *site, bool may_report);

RL_ALWAYS_INLINE bool CheckGranuleInSection(ThreadState *ts, uptr addr, uptr size, uptr granule,
                                           u32 mask, u32 flags, const rl_site *site,
                                           bool may_report) {
  granule &= ~uptr(kGranuleSize - 1);
  const GranuleShadow g = ShadowFor(granule);
  if (!(flags & (kAccessWrite | kAccessAtomic | kAccessFree))) {
    const ThreadState::UnrecordedRead &entry = UnrecordedReadEntry(ts, granule);
    if (entry.granule == granule && entry.epoch_bits == ts->epoch_bits) return false;
  }
  Cell cur = ts->epoch_bits | CellFlags(flags) | mask;
  NoteAccess(ts, granule, cur, SiteId(site));
  if (RecordWithoutConflict(ts, addr, size, flags, site, granule, g, cur)) return false;
  return ResolveGranule(ts, addr, size, granule, cur, flags, site, may_report);
}

// The general path of a granule check, when RecordWithoutConflict declined or lost a race
// for the cell: reports what conflicts, records the access (again, while other threads
// change the cells under it) and checks what was published meanwhile. Inside the shadow
// section, with the access already in the history. Returns true when it reported.
RL_NOINLINE bool ResolveGranule(ThreadState *ts, uptr addr, uptr size, uptr granule, Cell cur,
                                u32 flags, const rl_site *site, bool may_report) {
  const GranuleShadow g = ShadowFor(granule);
  Cell seen[kCellsPerGranule] = {};
  bool reported = false;
  RecordResult result;
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) CpuRelax();
    if (may_report && !reported)
      reported = ReportConflicts(ts, addr, size, granule, g, cur, flags, site, seen);
    result = RecordAccess(ts, granule, g, cur, attempt >= kRecordAttempts);
    if (result != RecordResult::kRetry) break;
  }
  // Nothing published: no second scan is owed (see kFullReadEvictPeriod).
  if (may_report && !reported && result == RecordResult::kStored)
    reported = ReportConflicts(ts, addr, size, granule, g, cur, flags, site, seen);
  return reported;
}

// (The slow path runs inside a shadow section: clock_reset.h. Skipped, a missed check,
// only while a reset is under way and the thread cannot wait for it.)
RL_NOINLINE bool CheckGranuleSlow(ThreadState *ts, uptr addr, uptr size, uptr granule, u32 mask,
                                  u32 flags, const rl_site *site, bool may_report) {
  if (RL_UNLIKELY(!EnterShadowSection(ts))) return false;
  bool reported = CheckGranuleInSection(ts, addr, size, granule, mask, flags, site, may_report);
  LeaveShadowSection(ts);
  return reported;
}

// CheckGranuleInSection out of line, for a caller already in the section (CheckFixedMiss,
// when RecordInOwnGranule declined).
RL_NOINLINE bool CheckGranuleInSectionSlow(ThreadState *ts, uptr addr, uptr size, uptr granule,
                                           u32 mask, u32 flags, const rl_site *site,
                                           bool may_report) {
  return CheckGranuleInSection(ts, addr, size, granule, mask, flags, site, may_report);
}

// Fixed-size accesses that touch two granules: aligned 16-byte ones, and smaller ones that
// straddle a granule boundary. (Unaligned 16-byte accesses touch three: the range path.)
template <unsigned kSize>
RL_ALWAYS_INLINE bool SpansTwoGranules(unsigned offset) {
  return kSize == 16 || offset + kSize > kGranuleSize;
}
template <unsigned kSize>
RL_ALWAYS_INLINE u32 FirstGranuleMask(unsigned offset) {
  return kSize == 16 ? 0xff : AccessMask(offset, kGranuleSize - offset);
}
template <unsigned kSize>
RL_ALWAYS_INLINE u32 SecondGranuleMask(unsigned offset) {
  return kSize == 16 ? 0xff : AccessMask(0, offset + kSize - kGranuleSize);
}

// Everything of CheckFixed but the hit: out of line, and reached only by tail calls, so
// that the hit path needs no stack frame and saves no registers.
template <unsigned kSize, u32 kFlags>
RL_NOINLINE void CheckFixedSlow(uptr a, const rl_site *site) {
  ThreadState *ts = CurrentThread();
  if (ts->ignore) return;
  unsigned offset = a & (kGranuleSize - 1);
  // Unaligned 16-byte accesses (three granules): the range path.
  if (kSize == 16 && offset != 0) return CheckAccessRange(ts, a, kSize, kFlags, site);
  if (SpansTwoGranules<kSize>(offset)) {
    // Straddling accesses (zstd's unaligned 8-byte reads: 22 million range checks on 5 MB
    // went through CheckAccessRange before) and aligned 16-byte ones.
    u32 mask0 = FirstGranuleMask<kSize>(offset), mask1 = SecondGranuleMask<kSize>(offset);
    bool recorded0 = AlreadyRecorded(ShadowFor(a), ts->epoch_bits, CellFlags(kFlags), mask0);
    bool recorded1 =
        AlreadyRecorded(ShadowFor(a + kGranuleSize), ts->epoch_bits, CellFlags(kFlags), mask1);
    bool reported = !recorded0 && CheckGranuleSlow(ts, a, kSize, a, mask0, kFlags, site, true);
    if (!recorded1)
      CheckGranuleSlow(ts, a, kSize, a + kGranuleSize, mask1, kFlags, site, !reported);
    return;
  }
  u32 mask = AccessMask(offset, kSize);
  if (AlreadyRecorded(ShadowFor(a), ts->epoch_bits, CellFlags(kFlags), mask)) return;
  CheckGranuleSlow(ts, a, kSize, a, mask, kFlags, site, true);
}

// What RecordInOwnGranule did.
enum class OwnGranuleResult { kDeclined, kRecorded, kReported };

// The slow path's commonest case: every cell of the granule in use is this thread's and one
// of them, or an empty one, takes the access (cell_choice.h). The same steps as
// CheckGranuleInSection's for that case (then RecordWithoutConflict's first branch), in a
// function of their own so that its callers (CheckFixedMiss, with the access's kind a
// constant; CheckRangeSlow, once per granule of one shadow section) save few registers and
// enter the section once. kDeclined, having recorded nothing, for every other case (the
// caller then runs the full check, CheckGranuleInSection); a publication that loses to
// another thread goes on in ResolveGranule, as in CheckGranuleInSection. Inside a shadow
// section. `site_id` and `callers` (may be null: then computed here) are the access's
// provenance for the history.
RL_ALWAYS_INLINE OwnGranuleResult RecordInOwnGranule(ThreadState *ts, uptr addr, uptr size,
                                                     uptr granule, u32 mask, u32 flags,
                                                     const rl_site *site, bool may_report,
                                                     const u32 *site_id = nullptr,
                                                     const u64 *callers = nullptr) {
  const GranuleShadow g = ShadowFor(granule);
  if (!(flags & (kAccessWrite | kAccessAtomic | kAccessFree))) {
    const ThreadState::UnrecordedRead &entry = UnrecordedReadEntry(ts, granule);
    if (RL_UNLIKELY(entry.granule == granule && entry.epoch_bits == ts->epoch_bits))
      return OwnGranuleResult::kRecorded;
  }
  const Cell cur = ts->epoch_bits | CellFlags(flags) | mask;
  alignas(kGranuleShadowBytes) Cell c[kCellsPerGranule];
  LoadGranuleCells(g, c);
  CellChoice choice;
  // (A widening that deferred_rescan publishes without a locked instruction: the full path.)
  if (RL_UNLIKELY(!OwnGranuleChoice(c, cur, ts->slot, &choice) || choice.target < 0 ||
                  (choice.kind == CellChoiceKind::kWiden && choice.empty >= 0 &&
                   Flags().deferred_rescan)))
    return OwnGranuleResult::kDeclined;
  NoteAccess(ts, granule, cur, site_id ? *site_id : SiteId(site), callers);
  const unsigned target = unsigned(choice.target);
  const Cell desired = choice.kind == CellChoiceKind::kWiden ? c[target] | mask : cur;
  bool recorded = PublishCell(g, target, c[target], desired);
  if (RL_LIKELY(recorded)) {
    c[target] = desired;
    recorded = GranuleUnchanged(g, c);  // the re-scan that the Dekker argument owes
  }
  if (RL_UNLIKELY(!recorded) &&
      ResolveGranule(ts, addr, size, granule, cur, flags, site, may_report))
    return OwnGranuleResult::kReported;
  return OwnGranuleResult::kRecorded;
}

// The hot path's miss for an access within one granule whose shadow is mapped, in a thread
// that is not ignoring accesses: straight to the slow path, without the checks that
// CheckFixedSlow repeats (zstd: ~25 instructions of each of its 24 million misses on 5 MB).
// Its own granule's case first (RecordInOwnGranule), then the full check.
template <unsigned kSize, u32 kFlags>
RL_NOINLINE void CheckFixedMiss(uptr a, const rl_site *site) {
  ThreadState *ts = tls_thread;
  const u32 mask = AccessMask(a & (kGranuleSize - 1), kSize);
  if (RL_UNLIKELY(!EnterShadowSection(ts))) return;
  if (RL_UNLIKELY(RecordInOwnGranule(ts, a, kSize, a & ~uptr(kGranuleSize - 1), mask, kFlags,
                                     site, true) == OwnGranuleResult::kDeclined))
    CheckGranuleInSectionSlow(ts, a, kSize, a, mask, kFlags, site, true);
  LeaveShadowSection(ts);
}

// The hot path: the granule(s) already record this access of this thread in this epoch.
template <unsigned kSize, u32 kFlags>
RL_ALWAYS_INLINE void CheckFixed(const void *addr, const rl_site *site) {
  uptr a = uptr(addr);
  ThreadState *ts = tls_thread;
  if (RL_UNLIKELY(!ts)) return CheckFixedSlow<kSize, kFlags>(a, site);
  if (RL_UNLIKELY(ts->ignore)) return;
  unsigned offset = a & (kGranuleSize - 1);
  Cell epoch_bits = ts->epoch_bits;
  if (kSize == 16) {
    uptr i0, i1;
    ShadowBlock *b0 = MappedBlockFor(a, &i0), *b1 = MappedBlockFor(a + kGranuleSize, &i1);
    if (RL_LIKELY(!offset && b0 && b1 &&
                  AlreadyRecorded(GranuleShadowIn(b0, i0), epoch_bits, CellFlags(kFlags), 0xff) &&
                  AlreadyRecorded(GranuleShadowIn(b1, i1), epoch_bits, CellFlags(kFlags), 0xff)))
      return;
  } else {
    // (Accesses that straddle two granules are checked in CheckFixedSlow: handling them
    // here would cost every access a stack frame.)
    uptr i;
    ShadowBlock *b = MappedBlockFor(a, &i);
    if (RL_LIKELY(offset + kSize <= kGranuleSize && b)) {
      if (RL_LIKELY(AlreadyRecorded(GranuleShadowIn(b, i), epoch_bits, CellFlags(kFlags),
                                    AccessMask(offset, kSize))))
        return;
      return CheckFixedMiss<kSize, kFlags>(a, site);
    }
  }
  return CheckFixedSlow<kSize, kFlags>(a, site);
}

// The granules of [a, stop) (within one shadow page) of the range access [addr, addr + size)
// from the first that CheckAccessRange found not recorded: one shadow section for all of
// them, each granule recorded by RecordInOwnGranule where it can (memset and memcpy of the
// thread's own memory: one full slow path per granule took ~220 instructions; callgrind,
// design.md session 13), else by the full check. Returns true when it reported.
RL_NOINLINE bool CheckRangeSlow(ThreadState *ts, uptr addr, uptr size, uptr a, uptr stop,
                                u32 flags, const rl_site *site, bool may_report) {
  if (RL_UNLIKELY(!EnterShadowSection(ts))) return false;
  const Cell cell_flags = CellFlags(flags);
  // The same for every granule: computed once (~24 instructions a granule before).
  const u32 site_id = SiteId(site);
  const u64 callers = CallersOf(ts);
  bool reported = false;
  while (a < stop) {
    uptr granule = a & ~uptr(kGranuleSize - 1);
    uptr chunk_end = stop < granule + kGranuleSize ? stop : granule + kGranuleSize;
    u32 mask = AccessMask(unsigned(a - granule), unsigned(chunk_end - a));
    if (!AlreadyRecorded(ShadowFor(granule), ts->epoch_bits, cell_flags, mask)) {
      bool report = may_report && !reported;
      OwnGranuleResult result =
          RecordInOwnGranule(ts, addr, size, granule, mask, flags, site, report, &site_id,
                             &callers);
      if (result == OwnGranuleResult::kDeclined)
        result = CheckGranuleInSection(ts, addr, size, granule, mask, flags, site, report)
                     ? OwnGranuleResult::kReported
                     : OwnGranuleResult::kRecorded;
      reported |= result == OwnGranuleResult::kReported;
    }
    a = chunk_end;
  }
  LeaveShadowSection(ts);
  return reported;
}

}  // namespace

void CheckAccessRange(ThreadState *ts, uptr addr, uptr size, u32 flags, const rl_site *site) {
  if (!size || ts->ignore) return;
  Cell cell_flags = CellFlags(flags);
  bool may_report = true;
  uptr end = addr + size;
  for (uptr a = addr; a < end;) {
    // Whole granules that already record this access in this epoch, as most do when a
    // loop's accesses are checked as one range (instrument/LoopCoalescing.cpp): tested block
    // by block, without a table lookup and a mask per granule (array_stream at -O2, the
    // range checks of its loops: ~60 instructions a granule before).
    if (!(a & (kGranuleSize - 1))) {
      uptr index;
      if (ShadowBlock *block = MappedBlockFor(a, &index)) {
        uptr page_end = (a | (kPageSize - 1)) + 1;
        uptr whole_end = end & ~uptr(kGranuleSize - 1);
        uptr stop = whole_end < page_end ? whole_end : page_end;
        Cell epoch_bits = ts->epoch_bits;
        while (a < stop &&
               AlreadyRecorded(GranuleShadowIn(block, index), epoch_bits, cell_flags, 0xff)) {
          a += kGranuleSize;
          ++index;
        }
        if (a >= end) break;
      }
    }
    // The rest of one granule (an atomic access, a short memcmp) straight to the full check:
    // often shared data, such as a skip list's next pointers, which is not the own-granule
    // case (trying it first, leveldb's atomic checks took 448 -> 495 instructions each;
    // callgrind). Else the rest of this shadow page in one section (one report per range
    // access is enough).
    uptr granule_end = (a | (kGranuleSize - 1)) + 1;
    if (end <= granule_end) {
      u32 mask = AccessMask(a & (kGranuleSize - 1), unsigned(end - a));
      if (!AlreadyRecorded(ShadowFor(a), ts->epoch_bits, cell_flags, mask))
        CheckGranuleSlow(ts, addr, size, a, mask, flags, site, may_report);
      break;
    }
    uptr page_end = (a | (kPageSize - 1)) + 1;
    uptr stop = end < page_end ? end : page_end;
    if (CheckRangeSlow(ts, addr, size, a, stop, flags, site, may_report)) may_report = false;
    a = stop;
  }
}

bool ShadowSaysFreed(uptr addr, u32 *slot, u64 *clock, u32 *site_id) {
  uptr granule;
  ShadowBlock *block = MappedBlockFor(addr, &granule);
  if (!block) return false;
  GranuleShadow g = GranuleShadowIn(block, granule);
  u32 bit = 1u << (addr & (kGranuleSize - 1));
  for (unsigned i = 0; i < kCellsPerGranule; ++i) {
    Cell c = g.cell(i).load(std::memory_order_relaxed);
    if (IsEmpty(c) || !IsFree(c) || !(MaskOf(c) & bit)) continue;
    *slot = SlotOf(c);
    *clock = ClockOf(c);
    HistoryAccess free_access;
    const uptr base = addr & ~uptr(kGranuleSize - 1);
    *site_id = FindInHistory(SlotOf(c), ClockOf(c), base, u32(c >> kWriteBit) & 7, MaskOf(c), bit,
                             &free_access, nullptr)
                   ? free_access.site_id
                   : 0;
    return true;
  }
  return false;
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
  f.path = 0;  // a new occupant of the slot: the old path is not its own
  ts->depth = depth + 1;
  return &f.callsite;
}

RL_EXPORT void __rl_func_exit(void) {
  rl::ThreadState *ts = rl::CurrentThread();
  if (RL_LIKELY(ts->depth) && ts->ignore < (1 << 20)) --ts->depth;
}
