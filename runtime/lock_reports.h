// Deadlock and lock-misuse detection and reporting: the lock-order graph (potential
// deadlocks), the watcher of blocked threads (real deadlocks), and misuse reports.
// Called by lock_model.cc. Thread-safety: see each function.
#ifndef RACELIGHT_LOCK_REPORTS_H
#define RACELIGHT_LOCK_REPORTS_H

#include "lock_model.h"

namespace rl {

// Reports a thread about to block on a non-recursive lock it holds, then (unless
// on_deadlock=continue) ends the process with the report exit status.
void ReportSelfDeadlock(ThreadState *ts, uptr addr, LockType type, LockMode mode,
                        const ThreadHeldLock &held);
void ReportMutexMisuse(ThreadState *ts, SyncVar *s, const char *subkind);
// A lock, unlock or wait on a lock whose memory was freed (`freed`: by thread `tid` at
// `site`) or that was destroyed (by `tid`, at the stack `stack`): mutex-misuse
// use-after-free / use-after-destroy.
void ReportDeadLockUse(ThreadState *ts, uptr addr, LockType type, LockUse use, bool freed,
                       u32 tid, const rl_site *site, u64 stack);
// Lock-order graph: edges from every lock `ts` holds to the one it just acquired.
void LockOrderOnAcquire(ThreadState *ts, SyncVar *s, ThreadHeldLock &acquired, bool is_try);
void LockOrderForget(SyncVar *s);
// At exit: a note on stderr when the lock-order graph dropped edges (kMaxLockEdges).
void LockOrderNoteLimits();
// Blocked-wait bookkeeping for the watcher (a blocking lock acquisition; it is also a
// WaitBegin/WaitEnd wait of kind kLock).
void LockWaitBegin(ThreadState *ts, uptr addr);
void LockWaitEnd(ThreadState *ts);
// The owner of `s` exited while holding it.
void MarkOwnerExited(SyncVar *s, ThreadState *owner);

}  // namespace rl

#endif  // RACELIGHT_LOCK_REPORTS_H
