// The lock model: what each lock and each thread hold, the happens-before edges locks
// create, the lock-order graph fed by acquisitions, and lock misuse.
//
// Happens-before: an exclusive unlock releases the thread's clock into the lock; a lock
// (exclusive or shared) acquires it. Shared unlocks release into a separate read clock that
// only the next exclusive locker acquires, so holders of the shared side do not order each
// other's accesses. Failed try-locks and timed-out acquires are not synchronization.
//
// Thread-safety: called by interceptors on the acting thread. Lock state lives in SyncVar
// (guarded by its mu); the held-lock list lives in ThreadState (owned by its thread).
// Reports are built after every runtime lock is released.
#ifndef RACELIGHT_LOCK_MODEL_H
#define RACELIGHT_LOCK_MODEL_H

#include "defs.h"
#include "racelight/interface.h"
#include "sync.h"

namespace rl {

struct ThreadState;
enum class WaitKind : u8;  // thread_state.h

enum class LockMode : u8 { kExclusive, kShared };

struct ThreadHeldLock {
  uptr addr;
  u64 id;          // SyncVar id (versioned)
  u64 graph_node;  // lock-order graph node
  LockMode mode;
  u32 recursion;
  const rl_site *site;  // where it was taken
  u64 acquire_stack;  // stack depot id
};

// A thread is about to block acquiring `addr` (not for try-locks). Reports a self-deadlock
// (a non-recursive lock the thread already holds) before blocking, and registers the wait
// with the deadlock watcher.
void LockModelBeforeLock(ThreadState *ts, uptr addr, LockType type, LockMode mode, bool is_try);
// After the acquire attempt returned. `acquired` false for failed try/timed acquires.
void LockModelAfterLock(ThreadState *ts, uptr addr, LockType type, LockMode mode, bool is_try,
                        bool acquired);
// Before the real unlock. For rwlocks the mode comes from what the thread holds.
void LockModelBeforeUnlock(ThreadState *ts, uptr addr, LockType type);
void LockModelCreate(ThreadState *ts, uptr addr, LockType type);
// Before the real destroy. Returns false when the lock is held (reported as destroy-locked:
// the lock lives on), true when it is forgotten.
bool LockModelDestroy(ThreadState *ts, uptr addr);
// After a real pthread_mutex_destroy succeeded: remembers that the mutex at `addr` is
// destroyed, so a later lock, unlock or wait on it is reported (LockModelDeadLockUse).
void LockModelMutexDestroyed(ThreadState *ts, uptr addr);

// What a thread is doing with a lock, for LockModelDeadLockUse.
enum class LockUse : u8 { kLock, kUnlock, kWait };
enum class DeadLock : u8 {
  kAlive,      // nothing known against it
  kFreed,      // its memory was freed and not allocated again: reported; model the call
  kDestroyed,  // a destroyed mutex: reported (once); glibc fails the call with EINVAL, so
               // the caller passes it through without modeling it
};
// Before a lock, unlock, or condition-variable wait on the lock at `addr`: if its memory was
// freed or the mutex was destroyed (and not set up again, by a call or by a store), reports
// mutex-misuse (use-after-free / use-after-destroy).
DeadLock LockModelDeadLockUse(ThreadState *ts, uptr addr, LockType type, LockUse use);
// The thread is exiting: report locks it still holds.
void LockModelThreadExit(ThreadState *ts);
// A SyncVar is being retired: drop its lock-order graph node.
void LockModelForget(SyncVar *s);
void ReleaseHeldLockStorage(ThreadState *ts);
// An untimed blocking wait of the interceptors (condition variable, join, semaphore,
// barrier; lock waits go through LockModelBeforeLock): published for the watcher's stall
// check until WaitEnd. `kind`, `object` and `aux`: see WaitKind (thread_state.h).
void WaitBegin(ThreadState *ts, WaitKind kind, uptr object, uptr aux);
void WaitEnd(ThreadState *ts);
// Starts the watcher thread that reports blocked threads that can never wake (if it is not
// running).
void StartDeadlockWatcher();
// Starts it if deadlock detection is on and it is not running (e.g. it stopped when every
// program thread had finished, and a thread is created again).
void EnsureDeadlockWatcher();
// Stops the watcher and waits until its thread has ended. Called when the program's last
// thread finishes (main called pthread_exit): the watcher must not keep the process alive.
void StopDeadlockWatcher();
// In a forked child: unlocks the lock-order graph's locks and forgets the parent's watcher
// thread, which does not exist in the child (EnsureDeadlockWatcher then starts the child's).
void LockReportsAfterForkChild();

}  // namespace rl

#endif  // RACELIGHT_LOCK_MODEL_H
