// Per-thread detector state and the registry of threads.
//
// Each program thread has a ThreadState, reached through an initial-exec TLS pointer, that
// only that thread touches (except the deadlock watcher, which reads the `waiting_for`
// fields with atomics). It holds the thread's vector clock and current epoch, the shadow
// call stack that names source lines in reports, and the locks it holds.
//
// Thread identity: every thread gets a `tid` that is never reused (reports name it) and a
// `slot` (0..shadow::kMaxSlots-1) that indexes vector clocks. Slots ARE reused, so a program may create
// millions of threads over its life: a finished thread's slot is handed to a new thread
// only when the creator's clock already covers the old thread's last epoch (so no access
// of the old thread can be mistaken as ordered before the new one); the new thread
// continues the slot's clock, so old and new epochs never collide.
//
// Thread-safety: the registry (contexts, slots) is guarded by an internal mutex; the
// fields of ThreadState are owned by the thread.
#ifndef RACELIGHT_THREAD_STATE_H
#define RACELIGHT_THREAD_STATE_H

#include <pthread.h>

#include <atomic>

#include "defs.h"
#include "racelight/interface.h"
#include "report.h"
#include "shadow_encoding.h"
#include "sync.h"
#include "sync_history.h"
#include "vector_clock.h"

namespace rl {

constexpr u32 kMaxShadowFrames = 4096;

struct ShadowFrame {
  const rl_site *function;
  const rl_site *callsite;  // the call this frame is making now (written by the pass)
  uptr frame_address;       // of __rl_func_entry's frame: detects frames left by longjmp
  // The interned call path (stack_depot.h, CallPathIntern) of this frame's call at
  // `path_site` and every outer frame's call, or 0 (cleared when the frame is pushed). Valid
  // while `callsite` is still `path_site`: the outer frames' calls cannot change while this
  // frame lives. The access history names an access's callers by the path of the frame below
  // its function's.
  u64 path;
  const rl_site *path_site;
};

// What a thread is blocked on in an interceptor (ThreadState::wait_state).
enum class WaitKind : u8 {
  kNone = 0,
  kLock,     // object: the lock
  kCond,     // object: the condition variable; aux: the mutex
  kJoin,     // object: the pthread_t joined (the watcher finds its thread)
  kSem,      // object: the semaphore
  kBarrier,  // object: the barrier
};

struct ThreadHeldLock;  // lock_model.h
struct SyncVar;         // sync.h
struct SlotHistory;     // access_history.h
struct ShadowUser;      // clock_reset.h

struct ThreadState {
  // --- hot: read by every access check ---
  u32 epoch_bits;   // shadow::EpochBits(slot, clock): a shadow::Cell without mask and flags
  int ignore = 0;   // > 0: accesses are not checked (runtime active, thread finished)
  u32 slot = 0;
  u32 tid = 0;
  u32 depth = 0;    // shadow stack depth (may exceed kMaxShadowFrames; extra frames unnamed)
  // Return address of the pthread interceptor running in this thread (interceptors_pthread.cc).
  const void *interceptor_caller = nullptr;

  VectorClock clock;
  // Clock overflow (clock_reset.h): whether shadow sections are entered (null: a
  // runtime-internal state, which checks nothing), the clock era of epoch_bits (kStaleEra:
  // refresh at the next section), and whether the clock reached ClockLimit().
  ShadowUser *shadow_user = nullptr;
  u32 era = ~0u;
  bool clock_exhausted = false;
  // The slot this thread left at its last move (SwitchThreadSlot), and the era of the move:
  // its access history is kept until the next move, then retired (RetireSlotHistory).
  u32 left_slot = ~0u;
  u32 left_slot_era = 0;
  // Release fences: clock at the last release fence; relaxed stores publish it.
  VectorClock fence_release;
  bool has_fence_release = false;
  // Acquire fences: what relaxed loads read since; an acquire fence joins it.
  VectorClock fence_acquire;
  // The atomic instruction in progress (atomics.cc): the atomic objects locked from
  // __rl_atomic_begin to __rl_atomic_end, and how deeply brackets nest. A nested bracket
  // (a signal handler's atomic, run inside another's bracket) synchronizes nothing: it
  // could wait for a lock its own thread holds.
  static constexpr u32 kMaxAtomicLocks = 16;
  SyncVar *atomic_locked[kMaxAtomicLocks];
  u32 num_atomic_locked = 0;
  u32 atomic_depth = 0;
  // The atomic of the bracket in progress, when its end records it in sync_history.
  const rl_site *atomic_event_site = nullptr;
  uptr atomic_event_addr = 0;
  // This thread's latest SyncVar lookups (atomics, locks): see SyncVarCache.
  SyncVarCache sync_cache;

  // Recent synchronization, for race reports (sync_history.h); owned by the registry's
  // context, which outlives the thread. Null for runtime-internal states and once the
  // thread has finished.
  SyncHistory *sync_history = nullptr;
  // Inside a condition-variable wait: its unlock and relock are recorded as one cond-wait.
  bool in_cond_wait = false;

  int os_tid = 0;  // the kernel's id of the thread (gettid), for the stall check
  // This thread's __rl_check_counts (check_counts.h), so that the counters of a thread still
  // running at exit can be read by the exiting one.
  u64 *check_counts = nullptr;
  uptr stack_begin = 0, stack_end = 0;  // this thread's stack, for reports
  struct ThreadContext *context = nullptr;

  // Locks held (lock_model.cc): a growable array, no limit.
  ThreadHeldLock *held = nullptr;
  u32 num_held = 0;
  u32 held_capacity = 0;
  // What this thread is blocked on, for the deadlock watcher (0 = nothing).
  std::atomic<u64> waiting_for_lock{0};
  std::atomic<u64> waiting_since_ns{0};
  const rl_site *waiting_site = nullptr;
  // Every untimed blocking wait in an interceptor (locks, condition variables, joins,
  // semaphores, barriers), for the stall check: wait_state is (wait_seq << 8) | WaitKind,
  // published last by WaitBegin (release) and cleared to kNone by WaitEnd; wait_object and
  // wait_aux say on what (see WaitKind). A changed wait_state is a different wait.
  std::atomic<u64> wait_state{0};
  std::atomic<uptr> wait_object{0};
  std::atomic<uptr> wait_aux{0};
  u64 wait_seq = 0;

  // Plain reads checked in the current epoch but not recorded, their granule being full
  // (access.cc, kFullReadEvictPeriod): direct-mapped by granule address.
  struct UnrecordedRead {
    uptr granule;
    u32 epoch_bits;
  };
  static constexpr u32 kUnrecordedReads = 64;
  UnrecordedRead unrecorded_reads[kUnrecordedReads] = {};
  u32 full_granule_reads = 0;  // reads that found their granule full

  // The access history of `history_slot` (access_history.h), where the slow path appends
  // what it publishes; looked up again whenever `slot` changes (OpenMP tasks switch slots).
  u32 history_slot = ~0u;
  SlotHistory *history = nullptr;
  u64 history_hint = 0;  // where this thread's last report found the previous access

  // Accesses whose cell was published with plain stores (access.cc, RecordWithoutConflict)
  // and whose re-scan, which Dekker's argument needs after a fence, is still owed: done in a
  // batch, after one fence, when the log is full and before the thread next synchronizes,
  // frees or exits (RecheckUnfenced). Written only by the thread; `unfenced_busy` keeps a
  // signal handler that interrupts the log's update from using it.
  struct UnfencedPublication {
    uptr granule;          // base address of the granule
    uptr address;          // the whole access
    u32 size;
    u32 flags;             // AccessFlags
    shadow::Cell cell;     // the access, as a cell (its epoch, kind and bytes)
    shadow::Cell cells_after[shadow::kCellsPerGranule];  // the granule's cells just after it
    const rl_site *site;
    u32 depth;             // shadow stack depth at the access
    const rl_site *top_function;  // the innermost shadow frame then (null: none)
    uptr top_frame;               // and its frame address
  };
  static constexpr u32 kUnfencedLog = 32;
  UnfencedPublication unfenced[kUnfencedLog];
  u32 num_unfenced = 0;
  bool unfenced_busy = false;

  const rl_site *scratch_callsite = nullptr;  // slot given out past kMaxShadowFrames
  ShadowFrame frames[kMaxShadowFrames];
};

extern RL_TLS ThreadState *tls_thread;

// The current thread's state, created on first use (for the main thread and threads the
// runtime did not see created).
ThreadState *CurrentThreadSlow();
RL_ALWAYS_INLINE ThreadState *CurrentThread() {
  ThreadState *ts = tls_thread;
  return RL_LIKELY(ts) ? ts : CurrentThreadSlow();
}

// The site of the call the innermost instrumented frame is making (for an interceptor: the
// call that reached it), or null.
inline const rl_site *InnermostCallSite(const ThreadState *ts) {
  return ts->depth && ts->depth <= kMaxShadowFrames ? ts->frames[ts->depth - 1].callsite
                                                    : nullptr;
}

// The innermost call in the user's code: the innermost callsite that is not in a system
// header, among the kUserSiteSearch innermost frames (bounded: O(1)); else the innermost.
// std::lock_guard -> std::mutex::lock -> __gthread_mutex_lock is three frames at -O0.
constexpr u32 kUserSiteSearch = 8;
RL_ALWAYS_INLINE const rl_site *UserCallSite(const ThreadState *ts) {
  u32 depth = ts->depth < kMaxShadowFrames ? ts->depth : kMaxShadowFrames;
  const rl_site *innermost = nullptr;
  for (u32 i = depth, looked = 0; i > 0 && looked < kUserSiteSearch; --i, ++looked) {
    const rl_site *s = ts->frames[i - 1].callsite;
    if (!s) continue;
    if (!innermost) innermost = s;
    if (!(s->flags & RL_SITE_SYSTEM_HEADER)) return s;
  }
  return innermost;
}

// Records a synchronization event of the current thread `ts` in its history
// (sync_history.h), at its current epoch, named by UserCallSite. Nothing when the thread
// keeps no history (runtime-internal states, a finished thread).
RL_ALWAYS_INLINE void RecordSyncEvent(ThreadState *ts, SyncEventKind kind, uptr object,
                                      u64 lock_id = 0, u8 lock_type = 0, u32 other = 0) {
  if (SyncHistory *h = ts->sync_history)
    h->Record(kind, lock_type, ts->slot, other, object, UserCallSite(ts),
              ts->clock.Get(ts->slot), lock_id);
}
// The same for an atomic at `site` (the pass names the atomic's own site).
inline void RecordAtomicEvent(ThreadState *ts, SyncEventKind kind, uptr object,
                              const rl_site *site) {
  if (SyncHistory *h = ts->sync_history)
    h->Record(kind, 0, ts->slot, 0, object, site, ts->clock.Get(ts->slot), 0);
}

// Advances the thread's own clock (after a release), so later accesses are not covered by
// what it released. At ClockLimit() the clock stops (clock_reset.h, NoteClockExhausted).
void Tick(ThreadState *ts);
// Moves the thread to another slot with room on its clock (clock_reset.h); false when there
// is none, or the thread runs an OpenMP task's slot. Outside any runtime lock.
bool SwitchThreadSlot(ThreadState *ts);

// Stack of the current point: `top` (the access site; may be null for an interceptor,
// whose caller's callsite slot names the call) then each caller's call site. With `depth`,
// only the outermost `depth` shadow frames are used (a report made after the access's
// own frames returned: see RecheckUnfenced).
void CaptureStack(const ThreadState *ts, const rl_site *top, StackTrace *out);
void CaptureStackAtDepth(const ThreadState *ts, const rl_site *top, u32 depth, StackTrace *out);

// ---- Thread lifecycle (called by the pthread interceptors) ----
struct ThreadContext;
struct ThreadStart;
// In the creating thread, before the real pthread_create: records the release.
ThreadStart *PrepareThreadStart(ThreadState *parent, void *(*fn)(void *), void *arg);
// Undo when the real pthread_create failed.
void AbandonThreadStart(ThreadStart *start);
// The trampoline every intercepted thread starts in.
void *ThreadTrampoline(void *start);
// The thread is ending (returned from its function, or pthread_exit).
void ThreadFinish(ThreadState *ts);
// After the real pthread_join of `thread` succeeded: acquire its final clock.
void ThreadJoined(ThreadState *ts, pthread_t thread);
void ThreadDetached(pthread_t thread);

// A clock slot of its own for an OpenMP task (ompt.cc), picked like a thread's: a released
// slot is reused only when `clock` (the task's clock at its start) covers its last epoch.
// `tid` is the thread that runs the task (named by reports). ReleaseTaskSlot when it ends.
u32 AllocTaskSlot(const VectorClock &clock, u32 tid, u64 *start_clock);
void ReleaseTaskSlot(u32 slot, u64 last_clock);

// Reports: which thread owned `slot` at `clock`; and thread creation facts.
u32 TidForSlotClock(u32 slot, u64 clock);
// The starting clock of the owner `slot` had at `clock`; false when that owner is older than
// the slot's recorded history.
bool SlotOwnerStartAt(u32 slot, u64 clock, u64 *start);
bool FillThreadInfo(u32 tid, ThreadInfo *out);
// Copies the synchronization history of thread `tid` (live, finished, or among the last
// reclaimed ones), oldest first; returns how many records, 0 when none is kept. *total: how
// many events it recorded in all.
u32 SnapshotSyncHistory(u32 tid, SyncEventRecord *out, u32 max, u64 *total);
// The thread whose stack contains addr (for reports); false if none.
bool FindStackOwner(uptr addr, u32 *tid);

// Calls fn(ts, arg) for every live program thread, under the registry lock (so no state
// is freed meanwhile). fn must not call back into the registry.
void ForEachLiveThread(void (*fn)(ThreadState *, void *), void *arg);
// Whether the thread with this tid has finished (its context may be gone).
bool ThreadHasFinished(u32 tid);
// The tid of the thread `thread` (a pthread_t), or ~0u if the runtime does not know it.
u32 TidOfPthread(pthread_t thread);
// How many threads were created but have not started running their function yet.
u32 CountStartingThreads();
// Program threads other than `self` that have not finished: returns how many; *running: how
// many of them run (not blocked in an untimed wait of the interceptors, or still starting),
// and the tids of up to `max` of those in tids[].
u32 CountOtherThreads(const ThreadState *self, u32 *running, u32 *tids, u32 max);
// At exit (the runtime's atexit handler): while another thread still runs, waits up to
// atexit_wait_ms (ending as soon as none runs), so the races it makes meanwhile are found,
// and says on the log (stderr) which threads were still running.
void WaitForThreadsAtExit();

void InitMainThread();
// In a forked child, where only `self` (the thread that called fork) exists: unlocks the
// registry and ends every other thread of the parent. What they did before the fork is
// ordered before everything the child does (the child starts from a copy of it): `self`
// acquires their clocks.
void ThreadRegistryAfterForkChild(ThreadState *self);

// Scope in which the current thread's accesses are not checked (runtime internals).
struct ScopedIgnore {
  explicit ScopedIgnore(ThreadState *ts) : ts_(ts) { ++ts_->ignore; }
  ~ScopedIgnore() { --ts_->ignore; }
  ThreadState *ts_;
};

}  // namespace rl

#endif  // RACELIGHT_THREAD_STATE_H
