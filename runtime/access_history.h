// Per-slot access history: where each access that the shadow remembers was made, and which
// bytes it touched.
//
// A shadow cell (shadow_encoding.h) keeps the thread slot, clock, kind and byte mask of an
// access, but not its source site: that was 4 bytes per cell, a third of the shadow, resident
// for every granule ever touched. Instead, every publication of a cell (access.cc's slow path)
// appends one entry to the history of the slot that made it: the granule, the access's own
// bytes (a widened cell merges several accesses), its kind, the slot's clock, the site and
// its callers (an interned stack, computed again only after a call or return). A
// report looks the previous access up by what its cell holds: (slot, clock, granule).
//
// What is kept: the last `history_size` - 1 publications of each slot (`history_size`, a
// power of two, 32 Ki by default, is the ring's size; the entry the next append overwrites
// is not read). An access older than that is reported without its site ("not in the access
// history"), as ThreadSanitizer does when its trace has been recycled. 24 bytes an entry:
// 768 KiB for a slot that made 32 Ki publications. Hits of the hot path
// write nothing (the cell already says it all).
//
// Invariants: entries of one slot are appended in order of position; clocks never decrease
// along the positions from `base` on (a slot's clock only grows within a clock era, and one
// holder appends at a time). A thread that moves to another slot when its clock runs out
// keeps the ring of the slot it left until its next move, and then gives that ring to the
// next slot that needs one (RetireSlotHistory): at most two rings a live thread.
//
// Thread-safety: one writer per slot: the thread (or OpenMP task) that holds the slot; a slot
// changes hands only after its holder is done with it. Readers (reports, on any thread) read
// while the writer appends, and validate what they read against the ring's head, as a
// sequence lock would: the writer writes position p's payload while head == p and then
// stores head = p + 1 with release, after a release fence that orders the store of head = p
// before the payload stores of p. A reader accepts the payload it read at position p only if
// p was below head before it read (the payload was complete) and, read again after an
// acquire fence, head is still below p + entries: a later lap's write of the same entry
// happens only once head has reached p + entries, and the fences make a reader that saw
// any store of that write see that head too. So a reader never mixes two entries; an entry
// overwritten during the lookup is simply not found. (Until session 14 each entry had a
// sequence word of its own: 32 bytes an entry instead of 24.) Rings are never freed (a
// slot's next holder continues it, or a retired ring serves another slot), so a reader never
// touches freed memory.
#ifndef RACELIGHT_ACCESS_HISTORY_H
#define RACELIGHT_ACCESS_HISTORY_H

#include <atomic>

#include "defs.h"

namespace rl {

// One access as a report needs it.
struct HistoryAccess {
  u32 site_id = 0;   // SiteId of the access (0: none)
  u32 mask = 0;      // the access's own bytes in the granule
  u64 callers = 0;   // StackDepot id of its callers (0: none known)
};

struct SlotHistory {
  struct Entry {
    // kind (bits 0-2) | granule address (bits 3-46) | run (bits 47-55) | mask (bits 56-63)
    std::atomic<u64> granule_kind_mask;
    std::atomic<u64> site_clock;  // site id | low 32 bits of the clock << 32
    std::atomic<u64> callers;     // StackDepot id of the access's callers (0: none)
  };
  std::atomic<u64> head;  // positions written so far (the next one to write)
  // Positions below this one belong to an earlier clock era (clock_reset.h): not looked at.
  std::atomic<u64> base;
  u64 size_mask;          // entries - 1
  Entry entries[1];       // `entries` of them (the mapping is sized at allocation)
};

constexpr u32 kHistoryKindBits = 3;  // write, atomic, free: shadow::Cell bits 8..10 >> 8
constexpr u64 kHistoryGranuleField = ((u64(1) << 47) - 1) & ~u64(7);
constexpr unsigned kHistoryRunShift = 47;
constexpr u64 kHistoryMaxRun = 511;  // 9 bits
static_assert(sizeof(SlotHistory::Entry) == 24, "three words an entry (no sequence word: see above)");

// The ring of `slot`, allocated on first use (the caller holds the slot): a retired ring
// (RetireSlotHistory) if one is free, else a new mapping.
SlotHistory *AllocSlotHistory(u32 slot);

// Detaches the ring of `slot`, which no thread holds and none will until the next clock
// reset (a slot whose clock ran out, left by a thread that moved on: clock_reset.h), and
// keeps it for the next slot that needs one. The slot's accesses are then reported without
// their site ("not in the access history"). Without this a thread that moves through many
// slots kept a ring in each: leveldb's db_bench moved 66 times and its peak RSS grew from
// 86 MB to 231 MB, two MiB a ring. The ring's positions go on from where they were, so a
// reader that loaded the ring before it was detached finds none of its new entries
// (FindInHistory checks the slot still has the ring after reading its bounds).
void RetireSlotHistory(u32 slot);
extern std::atomic<SlotHistory *> *g_slot_histories;  // [shadow::kMaxSlots], lazily

// Appends an access of the slot's holder. No lock; no allocation but the ring's first.
// A whole-granule access by the same site in the same epoch and kind right after one that
// ended at the granule before extends that entry's run instead (a loop or a range over an
// array, a free, a memset: one entry, not one per granule). Only the holder writes, so it
// reads its previous entry without the head protocol; a reader sees the run before or
// after the extension, both true.
RL_ALWAYS_INLINE void AppendHistory(SlotHistory *h, uptr granule, u32 kind, u32 mask,
                                    u32 site_id, u64 clock, u64 callers = 0) {
  u64 pos = h->head.load(std::memory_order_relaxed);
  const u64 site_clock = u64(site_id) | (clock << 32);
  if (mask == 0xff && pos > h->base.load(std::memory_order_relaxed)) {
    SlotHistory::Entry &last = h->entries[(pos - 1) & h->size_mask];
    u64 gkm = last.granule_kind_mask.load(std::memory_order_relaxed);
    u64 run = (gkm >> kHistoryRunShift) & kHistoryMaxRun;
    if (last.site_clock.load(std::memory_order_relaxed) == site_clock && (gkm >> 56) == 0xff &&
        last.callers.load(std::memory_order_relaxed) == callers &&
        (gkm & 7) == kind && run < kHistoryMaxRun &&
        (gkm & kHistoryGranuleField) + (run + 1) * 8 == granule) {
      last.granule_kind_mask.store(gkm + (u64(1) << kHistoryRunShift), std::memory_order_relaxed);
      return;
    }
  }
  SlotHistory::Entry &e = h->entries[pos & h->size_mask];
  // Orders the store of head == pos (the previous append's) before the payload stores: a
  // reader that sees any of them sees head >= pos, so it rejects the entry it overwrites
  // (position pos - entries). A compiler barrier only, on x86.
  std::atomic_thread_fence(std::memory_order_release);
  e.granule_kind_mask.store(granule | kind | (u64(mask) << 56), std::memory_order_relaxed);
  e.site_clock.store(site_clock, std::memory_order_relaxed);
  e.callers.store(callers, std::memory_order_relaxed);
  h->head.store(pos + 1, std::memory_order_release);
}

// Finds the access of `slot` at `clock` in the granule at `granule` (8-aligned) whose kind is
// `kind` and whose bytes overlap `mask`: the newest that overlaps `want_mask` (the bytes the
// report is about), else the newest that overlaps `mask`. False if the history no longer
// holds it. `hint` (may be null): a position to look near first, updated to the match
// (consecutive reports of one race over an array find their entries side by side).
bool FindInHistory(u32 slot, u64 clock, uptr granule, u32 kind, u32 mask, u32 want_mask,
                   HistoryAccess *out, u64 *hint);

// Forgets every entry: after a clock reset, (slot, clock) pairs are given out again, and an
// entry of the old era would name the wrong access. Only while no thread appends or looks
// up (clock_reset.h: no thread inside a shadow section).
void ForgetAllHistories();

// Entries per slot (Flags().history_size rounded up to a power of two).
u64 HistoryEntriesPerSlot();

}  // namespace rl

#endif  // RACELIGHT_ACCESS_HISTORY_H
