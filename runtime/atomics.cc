// C11/C++ atomics and fences.
//
// Every atomic access is checked as an atomic access (atomics do not race with each other,
// but do with plain accesses). Acquire loads join the clock released into the atomic's
// SyncVar; release stores and RMWs join the thread's clock into it. Joining, rather than
// replacing, for release stores keeps a release sequence intact through RMWs and can only
// make the detector see more order (never a false race) where C++20 would end the sequence.
//
// Fences: a release fence snapshots the thread's clock; a later relaxed store or RMW
// publishes that snapshot. A relaxed load or RMW collects what its atomic was released with;
// a later acquire fence joins what was collected. Collection only happens in programs with
// fences (a module with fences says so in __rl_module_init), so others pay nothing.
// Signal fences order nothing between threads and are not passed to the runtime.
#include "access.h"
#include "runtime_init.h"
#include "sync.h"
#include "thread_state.h"

namespace rl {
namespace {

bool IsAcquire(u32 order) {
  return order == RL_CONSUME || order == RL_ACQUIRE || order == RL_ACQ_REL || order == RL_SEQ_CST;
}
bool IsRelease(u32 order) {
  return order == RL_RELEASE || order == RL_ACQ_REL || order == RL_SEQ_CST;
}

// An acquire reads every atomic object inside the bytes it loads: libstdc++'s shared_ptr
// reads its two 4-byte reference counts with one 8-byte acquire load, and must synchronize
// with the release decrements of both.
void AtomicAcquirePart(ThreadState *ts, uptr addr, u32 size, u32 order) {
  bool acquire = IsAcquire(order);
  if (!acquire && !FencesUsed()) return;
  SyncVar *found[16];
  u32 n = FindSyncVarsInRange(addr, size, found, 16);
  for (u32 i = 0; i < n; ++i) {
    if (acquire) {
      AcquireFrom(ts, found[i]);
    } else {
      SpinLockGuard guard(found[i]->mu);
      ts->fence_acquire.Join(found[i]->clock);
    }
  }
}

void AtomicReleasePart(ThreadState *ts, uptr addr, u32 order) {
  if (IsRelease(order)) {
    ReleaseTo(ts, GetSyncVar(addr, true));
  } else if (ts->has_fence_release) {
    SyncVar *s = GetSyncVar(addr, true);
    SpinLockGuard guard(s->mu);
    s->clock.Join(ts->fence_release);
  }
}

}  // namespace
}  // namespace rl

using namespace rl;

RL_EXPORT void __rl_atomic_load(const void *addr, uint32_t size, uint32_t order,
                                const rl_site *site) {
  ThreadState *ts = CurrentThread();
  if (ts->ignore) return;
  CheckAccessRange(ts, uptr(addr), size, kAccessRead | kAccessAtomic, site);
  AtomicAcquirePart(ts, uptr(addr), size, order);
}

RL_EXPORT void __rl_atomic_store(const void *addr, uint32_t size, uint32_t order,
                                 const rl_site *site) {
  ThreadState *ts = CurrentThread();
  if (ts->ignore) return;
  // Checked (and recorded) before the release, in the epoch the release publishes: the
  // atomic write itself happens before whatever acquires from it (a thread that sees the
  // last reference count drop may then write the count plainly, as libstdc++'s
  // shared_ptr does).
  CheckAccessRange(ts, uptr(addr), size, kAccessWrite | kAccessAtomic, site);
  AtomicReleasePart(ts, uptr(addr), order);
}

RL_EXPORT void __rl_atomic_rmw_before(const void *addr, uint32_t size, uint32_t order,
                                      const rl_site *site) {
  __rl_atomic_store(addr, size, order, site);  // the write and release half of the RMW
}

RL_EXPORT void __rl_atomic_rmw_after(const void *addr, uint32_t size, uint32_t order,
                                     const rl_site *site) {
  ThreadState *ts = CurrentThread();
  if (ts->ignore) return;
  AtomicAcquirePart(ts, uptr(addr), size, order);
}

RL_EXPORT void __rl_atomic_fence(uint32_t order) {
  ThreadState *ts = CurrentThread();
  if (ts->ignore) return;
  if (IsAcquire(order)) ts->clock.Join(ts->fence_acquire);
  if (IsRelease(order)) {
    ts->fence_release.CopyFrom(ts->clock);
    ts->has_fence_release = true;
    Tick(ts);
  }
}
