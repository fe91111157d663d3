#include "lock_model.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "access.h"
#include "interceptors.h"
#include "internal_alloc.h"
#include "lock_reports.h"
#include "shadow_map.h"
#include "site_table.h"
#include "stack_depot.h"
#include "thread_state.h"

namespace rl {

namespace {

ThreadHeldLock *FindHeld(ThreadState *ts, uptr addr) {
  for (u32 i = ts->num_held; i > 0; --i)
    if (ts->held[i - 1].addr == addr) return &ts->held[i - 1];
  return nullptr;
}

void PushHeld(ThreadState *ts, const ThreadHeldLock &h) {
  if (ts->num_held == ts->held_capacity) {
    u32 capacity = ts->held_capacity ? ts->held_capacity * 2 : 8;
    ts->held = static_cast<ThreadHeldLock *>(InternalRealloc(ts->held, capacity * sizeof(ThreadHeldLock)));
    ts->held_capacity = capacity;
  }
  ts->held[ts->num_held++] = h;
}

void RemoveHeld(ThreadState *ts, ThreadHeldLock *h) {
  u32 index = u32(h - ts->held);
  memmove(h, h + 1, (ts->num_held - index - 1) * sizeof(ThreadHeldLock));
  --ts->num_held;
}

// Whether a thread holding a reader/writer lock in mode `held` blocks forever when it asks
// for it again in mode `wanted` (glibc, default attributes). A second read lock is granted
// (readers are preferred); a read or write lock asked by the writer fails at once with
// EDEADLK. Only the upgrade, a write lock asked by a reader, waits for itself.
bool RwLockRelockBlocks(LockMode wanted, LockMode held) {
  return wanted == LockMode::kExclusive && held == LockMode::kShared;
}

// Drops every entry of the thread's held list for `addr` that is not the current object
// `current_id` (0: none is current). Such entries are left by locks abandoned while held:
// a frame that returned holding its local mutex, a block freed while locked.
void DropStaleHeld(ThreadState *ts, uptr addr, u64 current_id) {
  for (u32 i = ts->num_held; i > 0; --i)
    if (ts->held[i - 1].addr == addr && ts->held[i - 1].id != current_id)
      RemoveHeld(ts, &ts->held[i - 1]);
}

// The thread's held list says it holds the lock at `addr` (the current object) and it asks
// for it again in a way that would block. Returns whether it really holds it. A lock that
// was initialized without a call (PTHREAD_MUTEX_INITIALIZER on a reused stack frame, a copy
// into a reused heap block) where an abandoned, still-locked one lived keeps the old
// object; the C library's lock word then says unlocked or held by another thread, and the
// thread's entry is stale. If the model still names this thread as the owner, nobody has
// taken the lock since the abandoned acquisition: the object is replaced by a fresh one
// (new id, no owner, no lock-order history). Otherwise other threads already use the new
// lock through this object (its clock orders them): only the thread's claim is dropped.
bool ReallyHeld(ThreadState *ts, uptr addr, LockType type, ThreadHeldLock *held) {
  RealLockState real = ReadRealLockState(addr, type);
  if (real == RealLockState::kHeldBySelf || real == RealLockState::kUnknown) return true;
  SyncVar *s = GetSyncVarCached(&ts->sync_cache, addr);
  bool stale_object = false;
  {
    SpinLockGuard guard(s->mu);
    if (held->mode == LockMode::kExclusive && s->owner_tid == ts->tid) {
      stale_object = real == RealLockState::kUnlocked;
      s->owner_tid = ~0u;
      s->recursion = 0;
    } else if (held->mode == LockMode::kShared && s->readers) {
      --s->readers;
    }
  }
  RemoveHeld(ts, held);
  if (stale_object) DestroySyncVar(addr);
  return false;
}

}  // namespace

void LockModelCreate(ThreadState *ts, uptr addr, LockType type) {
  // A (re)initialized lock is a new lock, whatever was at this address before (even one
  // this thread abandoned while holding it).
  DropStaleHeld(ts, addr, 0);
  DestroySyncVar(addr);
  SyncVar *s = GetSyncVarCached(&ts->sync_cache, addr);
  SpinLockGuard guard(s->mu);
  s->type = type;
  s->created_site = InnermostCallSite(ts);
}

void LockModelBeforeLock(ThreadState *ts, uptr addr, LockType type, LockMode mode, bool is_try) {
  if (is_try) return;
  ThreadHeldLock *held = FindHeld(ts, addr);
  if (held) {
    // Only an entry for the object now at this address counts; older ones are stale.
    SyncVar *s = GetSyncVar(addr, false);
    u64 id = s ? s->id : 0;
    if (held->id != id) {
      DropStaleHeld(ts, addr, id);
      held = FindHeld(ts, addr);
    }
  }
  if (held && type != LockType::kRecursive && type != LockType::kErrorCheck &&
      !(type == LockType::kRwLock && !RwLockRelockBlocks(mode, held->mode))) {
    // Blocking on a non-recursive lock this thread holds: it can never be granted.
    if (ReallyHeld(ts, addr, type, held)) ReportSelfDeadlock(ts, addr, type, mode, *held);
  }
  LockWaitBegin(ts, addr);
}

void LockModelAfterLock(ThreadState *ts, uptr addr, LockType type, LockMode mode, bool is_try,
                        bool acquired) {
  if (!is_try) LockWaitEnd(ts);
  if (!acquired) return;
  RecheckUnfenced(ts);  // before the clock changes (access.h)
  SyncVar *s = GetSyncVarCached(&ts->sync_cache, addr);
  StackTrace here;
  CaptureStack(ts, nullptr, &here);
  u64 stack = StackDepotPut(here);
  u64 id;
  {
    SpinLockGuard guard(s->mu);
    if (s->type == LockType::kNone) s->type = type;
    ts->clock.Join(s->clock);
    if (mode == LockMode::kExclusive) {
      ts->clock.Join(s->read_clock);
      if (s->owner_tid == ts->tid) {
        ++s->recursion;
      } else {
        s->owner_tid = ts->tid;
        s->recursion = 1;
        s->acquired_site = InnermostCallSite(ts);
        s->acquired_stack = stack;
        s->owner_exited = false;
      }
    } else {
      ++s->readers;
    }
    id = s->id;
  }
  if (!ts->in_cond_wait) {
    SyncEventKind kind =
        mode == LockMode::kExclusive ? SyncEventKind::kLock : SyncEventKind::kReadLock;
    RecordSyncEvent(ts, kind, addr, id, u8(type));
  }
  ThreadHeldLock *held = FindHeld(ts, addr);
  if (held && held->id != id) {
    DropStaleHeld(ts, addr, id);  // left by an abandoned lock that lived here
    held = FindHeld(ts, addr);
  }
  if (held && held->id == id && held->mode == mode) {
    ++held->recursion;
    return;
  }
  ThreadHeldLock h;
  h.addr = addr;
  h.id = id;
  h.graph_node = 0;
  h.mode = mode;
  h.recursion = 1;
  h.site = InnermostCallSite(ts);
  h.acquire_stack = stack;
  LockOrderOnAcquire(ts, s, h, is_try);
  PushHeld(ts, h);
}

void LockModelBeforeUnlock(ThreadState *ts, uptr addr, LockType type) {
  RecheckUnfenced(ts);  // before the release (access.h)
  SyncVar *s = GetSyncVarCached(&ts->sync_cache, addr);
  ThreadHeldLock *held = FindHeld(ts, addr);
  if (held && held->id != s->id) {
    DropStaleHeld(ts, addr, s->id);  // left by an abandoned lock that lived here
    held = FindHeld(ts, addr);
  }
  LockMode mode = held ? held->mode : LockMode::kExclusive;
  u32 owner;
  u32 readers;
  {
    SpinLockGuard guard(s->mu);
    owner = s->owner_tid;
    readers = s->readers;
  }
  if (!held) {
    // Misuse: unlocking a lock this thread does not hold. Still release, as the real unlock
    // may well succeed (a plain mutex has no owner check) and later lockers then see our
    // accesses.
    // A recursive mutex nobody holds: unlocked once more than it was locked.
    if (owner == ~0u && readers == 0 && type == LockType::kRecursive)
      ReportMutexMisuse(ts, s, "unbalanced-unlock");
    else if (owner == ~0u && readers == 0) ReportMutexMisuse(ts, s, "unlock-unlocked");
    else if (owner != ~0u && owner != ts->tid) ReportMutexMisuse(ts, s, "unlock-foreign");
    else if (type == LockType::kRwLock) ReportMutexMisuse(ts, s, "unbalanced-unlock");
    else ReportMutexMisuse(ts, s, "unlock-unlocked");
    if (owner == ~0u && readers == 0) return;  // nothing held: no real unlock happens
    // Another thread's lock: the unlock releases it for real.
    SpinLockGuard guard(s->mu);
    s->clock.Join(ts->clock);
    s->owner_tid = ~0u;
    s->recursion = 0;
    Tick(ts);
    if (!ts->in_cond_wait) RecordSyncEvent(ts, SyncEventKind::kUnlock, addr, s->id, u8(type));
    return;
  }
  {
    SpinLockGuard guard(s->mu);
    if (mode == LockMode::kExclusive) {
      s->clock.Join(ts->clock);
      if (s->recursion > 0) --s->recursion;
      if (s->recursion == 0) {
        s->owner_tid = ~0u;
        s->acquired_site = nullptr;
      }
    } else {
      s->read_clock.Join(ts->clock);
      if (s->readers) --s->readers;
    }
  }
  Tick(ts);
  if (!ts->in_cond_wait) {
    SyncEventKind kind =
        mode == LockMode::kExclusive ? SyncEventKind::kUnlock : SyncEventKind::kReadUnlock;
    RecordSyncEvent(ts, kind, addr, s->id, u8(type));
  }
  if (--held->recursion == 0) RemoveHeld(ts, held);
}

bool LockModelDestroy(ThreadState *ts, uptr addr) {
  SyncVar *s = GetSyncVar(addr, false);
  if (s) {
    u32 owner, readers;
    {
      SpinLockGuard guard(s->mu);
      owner = s->owner_tid;
      readers = s->readers;
    }
    if (owner != ~0u || readers) {
      // The lock lives on: glibc refuses to destroy a locked mutex (EBUSY), and the holder's
      // unlock that follows must find the object its held list names.
      ReportMutexMisuse(ts, s, "destroy-locked");
      return false;
    }
  }
  DropStaleHeld(ts, addr, 0);
  DestroySyncVar(addr);
  return true;
}

void LockModelMutexDestroyed(ThreadState *ts, uptr addr) {
  StackTrace here;
  CaptureStack(ts, nullptr, &here);
  u64 stack = StackDepotPut(here);
  DestroySyncVar(addr);
  SyncVar *s = GetSyncVarCached(&ts->sync_cache, addr);
  SpinLockGuard guard(s->mu);
  __atomic_store_n(&s->destroyed, true, __ATOMIC_RELAXED);
  s->destroyed_tid = ts->tid;
  s->destroyed_stack = stack;
}

namespace {
// glibc's __kind flag of a robust mutex (PTHREAD_MUTEX_ROBUST_NORMAL_NP, internal to glibc).
constexpr int kGlibcMutexRobust = 16;

bool IsMutexType(LockType type) {
  return type == LockType::kMutex || type == LockType::kRecursive ||
         type == LockType::kErrorCheck;
}
}  // namespace

DeadLock LockModelDeadLockUse(ThreadState *ts, uptr addr, LockType type, LockUse use) {
  u32 slot, site_id;
  u64 clock;
  if (ShadowSaysFreed(addr, &slot, &clock, &site_id)) {
    ReportDeadLockUse(ts, addr, type, use, /*freed=*/true, TidForSlotClock(slot, clock),
                      SiteById(site_id), 0);
    // Once: the granule forgets the free (and its history), so the next use is not
    // reported again.
    ResetShadowRange(addr & ~uptr(7), 8);
    return DeadLock::kFreed;
  }
  if (!IsMutexType(type)) return DeadLock::kAlive;
  SyncVar *s = GetSyncVarCached(&ts->sync_cache, addr);
  // Every lock and unlock asks: no lock taken unless the mutex was destroyed (the flag is
  // written under mu).
  if (!__atomic_load_n(&s->destroyed, __ATOMIC_RELAXED)) return DeadLock::kAlive;
  bool report;
  u32 tid;
  u64 stack;
  {
    SpinLockGuard guard(s->mu);
    if (!s->destroyed) return DeadLock::kAlive;
    // glibc's destroy sets the kind word to -1: any other value means the memory was set up
    // again without a call (a plain store of PTHREAD_MUTEX_INITIALIZER, a copy).
    int kind = __atomic_load_n(&reinterpret_cast<pthread_mutex_t *>(addr)->__data.__kind,
                               __ATOMIC_RELAXED);
    if (kind != -1) {
      __atomic_store_n(&s->destroyed, false, __ATOMIC_RELAXED);
      return DeadLock::kAlive;
    }
    report = !s->dead_use_reported;
    s->dead_use_reported = true;
    tid = s->destroyed_tid;
    stack = s->destroyed_stack;
  }
  if (report) ReportDeadLockUse(ts, addr, type, use, /*freed=*/false, tid, nullptr, stack);
  return DeadLock::kDestroyed;
}

void LockModelThreadExit(ThreadState *ts) {
  RecheckUnfenced(ts);
  while (ts->num_held) {
    ThreadHeldLock h = ts->held[ts->num_held - 1];
    --ts->num_held;
    SyncVar *s = GetSyncVar(h.addr, false);
    if (!s || s->id != h.id) continue;
    if (IsMutexType(s->type) &&
        (__atomic_load_n(&reinterpret_cast<pthread_mutex_t *>(h.addr)->__data.__kind,
                         __ATOMIC_RELAXED) &
         kGlibcMutexRobust)) {
      // A robust mutex: the kernel hands it to the next locker (EOWNERDEAD), which is made
      // to recover the state (pthread_mutex_consistent). That is its purpose, not a misuse:
      // the owner's death releases it.
      {
        SpinLockGuard guard(s->mu);
        if (s->owner_tid == ts->tid) {
          s->clock.Join(ts->clock);
          s->owner_tid = ~0u;
          s->recursion = 0;
          s->acquired_site = nullptr;
        } else if (h.mode == LockMode::kShared && s->readers) {
          --s->readers;
        }
      }
      Tick(ts);
      continue;
    }
    ReportMutexMisuse(ts, s, "exit-holding");
    // The lock stays held by a dead owner: the watcher reports threads that wait for it.
    MarkOwnerExited(s, ts);
  }
}

void LockModelForget(SyncVar *s) { LockOrderForget(s); }

void ReleaseHeldLockStorage(ThreadState *ts) {
  InternalFree(ts->held);
  ts->held = nullptr;
  ts->num_held = ts->held_capacity = 0;
}

}  // namespace rl
