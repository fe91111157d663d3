// What happens when thread clocks run out: slot switching, and the reset of the shadow.
//
// A shadow cell keeps an access's thread slot and clock in few bits (shadow_encoding.h), so
// a slot's clock has a limit (Flags().clock_limit, at most shadow::kMaxClock). A thread
// whose clock would pass it (Tick) stops ticking at once, which can only hide races, and at
// its next shadow section (below) moves to another slot with room: its vector clock keeps
// the old slot's final entry, so everything it did there stays ordered before what it does
// next, and the old slot is not used again in this era. When no slot has room, or the
// thread runs an OpenMP task's slot, the runtime *resets*: it discards the whole shadow and
// the access histories and advances the clock era (vector_clock.h), which empties every
// vector clock the next time it is used; every thread then starts again at clock 1 in its
// slot. What a reset loses is ordering and history of accesses made before it: races whose
// two accesses straddle a reset are missed (as in ThreadSanitizer); none is invented,
// because the cells of the old era are gone with it.
//
// Shadow sections. Code that reads or writes shadow cells or access histories with the
// thread's epoch (the slow path of access checks, the deferred re-scan) runs inside a
// section: EnterShadowSection / LeaveShadowSection. A reset happens only while no thread
// is inside one:
//   thread:   depth = 1 (relaxed store);  compiler barrier;  read the reset state
//   resetter: state = resetting;           membarrier();      read every thread's depth
// membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) makes every running thread pass a full
// barrier, so either the thread sees the resetter's state or the resetter sees the thread's
// depth (Dekker's argument, with the thread's half free). Where the kernel has no
// membarrier, the thread's half is a sequentially consistent fence instead.
// A thread that finds a reset under way waits outside its section until it ends, if it can
// (outermost section, no runtime spin lock held: nobody can be waiting for it); otherwise it
// skips the section's work (a missed check, never a false report). The thread whose clock
// ran out performs the reset itself, at a section entry where it can wait. At its first
// section of a new era a thread refreshes its epoch (RefreshEpoch): until then its old
// epoch matches no cell (the shadow is gone, and only a slot's holder writes cells with
// that slot), so its hot path can only miss.
//
// Thread-safety: all functions are called by the thread that owns `ts`.
#ifndef RACELIGHT_CLOCK_RESET_H
#define RACELIGHT_CLOCK_RESET_H

#include <atomic>

#include "defs.h"
#include "thread_state.h"
#include "vector_clock.h"

namespace rl {

// One per thread that checks accesses: how deep inside shadow sections it is. Records are
// never freed (the resetter walks them without a lock); a finished thread's is reused.
// A line of its own: its thread writes `depth` twice on every slow path, and as 16 bytes
// from malloc the records of two threads could share a line that then moves between their
// cores on each write. (On this project's PVM test machine the difference was within the
// timing noise; the alignment costs 48 bytes a thread.)
struct alignas(RL_CACHE_LINE_SIZE) ShadowUser {
  std::atomic<u32> depth{0};
  std::atomic<bool> in_use{false};
  ShadowUser *next = nullptr;
};
ShadowUser *ClaimShadowUser();
void ReleaseShadowUser(ShadowUser *user);

// ThreadState::era of a thread whose epoch must be refreshed before its next section.
constexpr u32 kStaleEra = ~0u;

enum ResetState : u32 { kResetIdle = 0, kResetting = 1 };
extern std::atomic<u32> g_reset_state;
// No membarrier: threads fence on section entry instead.
extern bool g_section_fence;

// The largest clock a slot may reach (Flags().clock_limit).
u64 ClockLimit();
// Sets up membarrier (at start-up).
void InitClockReset();
// How many resets so far (statistics, tests).
u64 ClockResetCount();

bool EnterShadowSectionSlow(ThreadState *ts, u32 depth);

// Enters a shadow section. False: a reset is under way and this thread cannot wait for it;
// the caller skips its shadow work (and does not call LeaveShadowSection).
RL_ALWAYS_INLINE bool EnterShadowSection(ThreadState *ts) {
  ShadowUser *user = ts->shadow_user;
  if (RL_UNLIKELY(!user)) return false;  // runtime-internal states check nothing
  u32 depth = user->depth.load(std::memory_order_relaxed);
  user->depth.store(depth + 1, std::memory_order_relaxed);
  if (RL_UNLIKELY(g_section_fence)) std::atomic_thread_fence(std::memory_order_seq_cst);
  else std::atomic_signal_fence(std::memory_order_seq_cst);
  if (RL_LIKELY(g_reset_state.load(std::memory_order_relaxed) == kResetIdle &&
                ts->era == g_clock_era.load(std::memory_order_relaxed)))
    return true;
  return EnterShadowSectionSlow(ts, depth);
}

// Leaves it: the release orders the section's shadow writes before a resetter's discard.
RL_ALWAYS_INLINE void LeaveShadowSection(ThreadState *ts) {
  ShadowUser *user = ts->shadow_user;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  user->depth.store(user->depth.load(std::memory_order_relaxed) - 1, std::memory_order_release);
}

// The thread's clock would pass ClockLimit() (Tick): it stops ticking and moves to another
// slot, or resets, at its next section; until then every access of it takes the slow path.
void NoteClockExhausted(ThreadState *ts);

// In a forked child: the other threads are gone; a reset they had begun is finished here.
void ClockResetAfterForkChild(ThreadState *self);

}  // namespace rl

#endif  // RACELIGHT_CLOCK_RESET_H
