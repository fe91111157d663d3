// Checking memory accesses against shadow: the FastTrack-style core.
//
// Per access: if a cell of the granule already records this thread, in this epoch, with
// at least this kind and these bytes, nothing can be new: return (the hot path: no lock,
// no allocation, no call). Otherwise (slow path, out of line): compare with every cell
// that overlaps (conflict = different thread, at least one write, not both atomic, not
// ordered by happens-before), report conflicts, then record the access: cells it subsumes
// are shrunk or dropped, cells of the same epoch and kind are widened, and when no cell is
// free a read is evicted in preference to a write (losing history can only hide a race,
// never invent one).
//
// Thread-safety: called by the accessing thread; cells are claimed with compare-and-swap
// so concurrent non-racing accesses to neighbouring bytes never lose each other's records,
// except, with the experimental option deferred_rescan=1, a thread's widening of its own
// cell of the current epoch, which nobody else targets: plain stores, its Dekker re-scan
// deferred to ThreadState::unfenced (access.cc).
#ifndef RACELIGHT_ACCESS_H
#define RACELIGHT_ACCESS_H

#include "defs.h"
#include "racelight/interface.h"
#include "thread_state.h"

namespace rl {

struct ThreadState;

enum AccessFlags : u32 {
  kAccessRead = 0,
  kAccessWrite = 1,
  kAccessAtomic = 2,
  kAccessFree = 4,  // the deallocation of the memory (a write)
};

// The re-scans owed by this thread's unfenced publications (access.cc): due before the
// thread synchronizes (acquires or releases anything), frees or unmaps memory, or exits,
// and called there, outside runtime locks. Cheap when nothing is owed.
void RecheckUnfencedSlow(ThreadState *ts);
RL_ALWAYS_INLINE void RecheckUnfenced(ThreadState *ts) {
  if (ts->num_unfenced) RecheckUnfencedSlow(ts);
}

// Checks and records an access of any size and alignment.
void CheckAccessRange(ThreadState *ts, uptr addr, uptr size, u32 flags, const rl_site *site);

// Whether the shadow of the byte at `addr` still remembers the free of its memory (freed
// and not allocated again: allocation clears the shadow); if so, the free's thread slot,
// clock and site id. Reads only: no shadow is mapped, nothing is recorded.
bool ShadowSaysFreed(uptr addr, u32 *slot, u64 *clock, u32 *site_id);

}  // namespace rl

#endif  // RACELIGHT_ACCESS_H
