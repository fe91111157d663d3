// C11/C++ atomics and fences.
//
// Every atomic access is checked as an atomic access (atomics do not race with each other,
// but do with plain accesses). The pass brackets each atomic instruction with
// __rl_atomic_begin and __rl_atomic_end, and between the two the runtime holds the lock of
// each atomic object the instruction touches (their SyncVars, locked in address order). So
// an object's clock changes in the object's modification order, and a load sees the clock
// of the very store it read from. That lets a store *replace* the clock, as release
// sequences require (C11 5.1.2.4, C++ [intro.races]):
//   - a release store: the clock becomes the thread's; the thread heads a new sequence;
//   - a relaxed store by a thread that heads no ongoing sequence ends them all: the clock
//     is emptied, or becomes the thread's clock at its last release fence;
//   - a relaxed store by a head continues its sequence (the C11 and C++17 rule; C++20 ends
//     it too, but following the older rule never reports a race the older standards allow);
//   - a read-modify-write continues every sequence and, if release, joins the thread's
//     clock in.
// An acquire joins the object's clock; a relaxed load or RMW collects it for a later
// acquire fence. An operation whose clock work needs the object's SyncVar creates it first,
// so no first store can slip between the lookup and the instruction; the others (relaxed
// stores, relaxed RMWs) lock only a SyncVar that exists: without one there is no sequence
// to end, and a store that creates one meanwhile can only leave the detector more order.
//
// Fences: a release fence snapshots the thread's clock; a later relaxed store or RMW
// publishes that snapshot. A relaxed load or RMW collects what its atomic was released with;
// a later acquire fence joins what was collected. Collection only happens in programs with
// fences (a module with fences says so in __rl_module_init), so others pay nothing.
// Signal fences order nothing between threads and are not passed to the runtime.
//
// Signals: a handler that runs an atomic inside another bracket of its own thread, or while
// its thread holds any runtime lock (spin_mutex.h), could wait for a lock the thread holds,
// so such a bracket synchronizes nothing.
#include "access.h"
#include "runtime_init.h"
#include "sync.h"
#include "sync_history.h"
#include "thread_state.h"

namespace rl {
namespace {

bool IsAcquire(u32 order) {
  return order == RL_CONSUME || order == RL_ACQUIRE || order == RL_ACQ_REL || order == RL_SEQ_CST;
}
bool IsRelease(u32 order) {
  return order == RL_RELEASE || order == RL_ACQ_REL || order == RL_SEQ_CST;
}
u32 OpOf(u32 desc) { return desc & 15; }
u32 OrderOf(u32 desc) { return (desc >> 4) & 15; }
u32 FailureOrderOf(u32 desc) { return (desc >> 8) & 15; }

// Whether a load, or the read half of an RMW, at `order` uses the object's clock.
bool ReadNeedsClock(u32 order) { return IsAcquire(order) || FencesUsed(); }
// Whether the write half of an RMW at `order` changes the object's clock.
bool RmwWriteNeedsClock(const ThreadState *ts, u32 order) {
  return IsRelease(order) || ts->has_fence_release;
}

// ---- release heads (SyncVar::release_heads), under the SyncVar's lock ----
bool IsReleaseHead(const SyncVar *s, u32 tid) {
  for (u32 i = 0; i < s->num_release_heads; ++i)
    if (s->release_heads[i] == tid) return true;
  return false;
}
void SetOnlyReleaseHead(SyncVar *s, u32 tid) {
  s->release_heads[0] = tid;
  s->num_release_heads = 1;
  s->release_heads_overflow = false;
}
void AddReleaseHead(SyncVar *s, u32 tid) {
  if (s->release_heads_overflow || IsReleaseHead(s, tid)) return;
  if (s->num_release_heads == SyncVar::kMaxReleaseHeads) {
    s->release_heads_overflow = true;
    return;
  }
  s->release_heads[s->num_release_heads++] = tid;
}

// The read half: what the instruction read was released with.
void ReadClock(ThreadState *ts, const SyncVar *s, u32 order) {
  if (IsAcquire(order)) ts->clock.Join(s->clock);
  else if (FencesUsed()) ts->fence_acquire.Join(s->clock);
}

// A plain (not read-modify-write) store.
void StoreClock(ThreadState *ts, SyncVar *s, u32 order) {
  if (IsRelease(order)) {
    s->clock.CopyFrom(ts->clock);
    SetOnlyReleaseHead(s, ts->tid);
  } else if (s->release_heads_overflow || IsReleaseHead(s, ts->tid)) {
    // Our own sequence goes on; the others end, but their clocks cannot be told apart
    // from ours in the join: keeping them only adds order.
    if (ts->has_fence_release) s->clock.Join(ts->fence_release);
    SetOnlyReleaseHead(s, ts->tid);
  } else if (ts->has_fence_release) {
    s->clock.CopyFrom(ts->fence_release);
    SetOnlyReleaseHead(s, ts->tid);
  } else {
    s->clock.Clear();  // every release sequence on the object ends here
    s->num_release_heads = 0;
    s->release_heads_overflow = false;
  }
}

// The write half of a read-modify-write: it continues every sequence.
void RmwWriteClock(ThreadState *ts, SyncVar *s, u32 order) {
  if (IsRelease(order)) {
    s->clock.Join(ts->clock);
    AddReleaseHead(s, ts->tid);
  } else if (ts->has_fence_release) {
    s->clock.Join(ts->fence_release);
    AddReleaseHead(s, ts->tid);
  }
}

}  // namespace
}  // namespace rl

using namespace rl;

RL_EXPORT void __rl_atomic_begin(const void *addr, uint32_t size, uint32_t desc,
                                 const rl_site *site) {
  ThreadState *ts = CurrentThread();
  if (ts->atomic_depth++ != 0) return;  // nested in a bracket (a signal handler)
  std::atomic_signal_fence(std::memory_order_seq_cst);
  // A handler that interrupted the runtime in a critical section: no lock may be taken.
  if (ts->ignore || SpinLocksHeld()) return;
  u32 op = OpOf(desc), order = OrderOf(desc);
  // Checked (and recorded) before any release, in the epoch the release publishes: the
  // atomic write itself happens before whatever acquires from it (a thread that sees the
  // last reference count drop may then write the count plainly, as libstdc++'s shared_ptr
  // does). A compare-exchange is checked as a write whether or not it succeeds.
  CheckAccessRange(ts, uptr(addr), size,
                   (op == RL_OP_LOAD ? kAccessRead : kAccessWrite) | kAccessAtomic, site);
  bool create;
  switch (op) {
    case RL_OP_LOAD: create = ReadNeedsClock(order); break;
    case RL_OP_STORE: create = IsRelease(order) || ts->has_fence_release; break;
    case RL_OP_RMW: create = ReadNeedsClock(order) || RmwWriteNeedsClock(ts, order); break;
    default:  // RL_OP_CMPXCHG: either outcome
      create = ReadNeedsClock(order) || RmwWriteNeedsClock(ts, order) ||
               ReadNeedsClock(FailureOrderOf(desc));
      break;
  }
  // A relaxed store also ends the sequences of an object that has a clock.
  if (!create && op != RL_OP_STORE) return;
  RecheckUnfenced(ts);  // before the clocks change, outside the objects' locks (access.h)
  u32 n = CollectSyncVarsCached(&ts->sync_cache, uptr(addr), size, create, ts->atomic_locked,
                                ThreadState::kMaxAtomicLocks);
  for (u32 i = 0; i < n; ++i) ts->atomic_locked[i]->mu.Lock();
  ts->num_atomic_locked = n;
  // The synchronization history keeps the program's own acquires and releases (not those
  // inside system headers: shared_ptr's counts would push everything else out).
  ts->atomic_event_site =
      n && (IsAcquire(order) || IsRelease(order)) && site && !(site->flags & RL_SITE_SYSTEM_HEADER)
          ? site
          : nullptr;
  ts->atomic_event_addr = uptr(addr);
}

RL_EXPORT void __rl_atomic_end(uint32_t desc) {
  ThreadState *ts = CurrentThread();
  if (ts->atomic_depth > 1) {
    --ts->atomic_depth;
    return;
  }
  u32 op = OpOf(desc), order = OrderOf(desc);
  bool tick = false;
  if (u32 n = ts->num_atomic_locked) {
    for (u32 i = 0; i < n; ++i) {
      SyncVar *s = ts->atomic_locked[i];
      if (op == RL_OP_STORE) {
        StoreClock(ts, s, order);
      } else {
        ReadClock(ts, s, order);
        if (op != RL_OP_LOAD) RmwWriteClock(ts, s, order);
      }
      s->mu.Unlock();
    }
    ts->num_atomic_locked = 0;
    tick = op != RL_OP_LOAD && IsRelease(order);
  }
  std::atomic_signal_fence(std::memory_order_seq_cst);
  ts->atomic_depth = 0;
  if (tick) Tick(ts);
  if (const rl_site *site = ts->atomic_event_site) {
    ts->atomic_event_site = nullptr;
    bool acquire = op != RL_OP_STORE && IsAcquire(order);
    bool release = op != RL_OP_LOAD && IsRelease(order);
    if (acquire || release)
      RecordAtomicEvent(ts,
                        acquire && release ? SyncEventKind::kAtomicAcqRel
                        : acquire          ? SyncEventKind::kAtomicAcquire
                                           : SyncEventKind::kAtomicRelease,
                        ts->atomic_event_addr, site);
  }
}

RL_EXPORT void __rl_atomic_fence(uint32_t order) {
  ThreadState *ts = CurrentThread();
  if (ts->ignore) return;
  RecheckUnfenced(ts);
  if (IsAcquire(order)) ts->clock.Join(ts->fence_acquire);
  if (IsRelease(order)) {
    ts->fence_release.CopyFrom(ts->clock);
    ts->has_fence_release = true;
    Tick(ts);
  }
}
