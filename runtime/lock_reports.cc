#include "lock_reports.h"

#include <stdio.h>
#include <time.h>

#include "options.h"
#include "race_report.h"
#include "report.h"
#include "report_output.h"
#include "thread_state.h"

namespace rl {

namespace {

u64 NowNs() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return u64(t.tv_sec) * 1000000000ull + u64(t.tv_nsec);
}

void ThreadName(u32 tid, char *buf, size_t size) {
  if (tid == 0) snprintf(buf, size, "main thread");
  else snprintf(buf, size, "thread T%u", tid);
}

void FillLock(LockInfo *info, SyncVar *s) {
  info->present = true;
  info->id = s->id;
  info->address = s->addr;
  info->type = LockTypeName(s->type);
}

}  // namespace

void ReportSelfDeadlock(ThreadState *ts, uptr addr, LockType type, LockMode mode,
                        const HeldLock &held) {
  ScopedIgnore ignore(ts);
  SyncVar *s = GetSyncVar(addr, true);
  Report *r = NewReport();
  r->kind = "deadlock";
  r->subkind = "self";
  char name[32];
  ThreadName(ts->tid, name, sizeof(name));
  snprintf(r->message, sizeof(r->message),
           "%s blocks acquiring non-recursive %s 0x%lx that it already holds", name,
           LockTypeName(type), static_cast<unsigned long>(addr));
  ReportEvent *e = r->AddEvent("lock-wanted", ts->tid);
  FillLock(&e->lock, s);
  CaptureStack(ts, nullptr, &e->stack);
  snprintf(e->description, sizeof(e->description), "%s acquires %s 0x%lx again (%s) here",
           name, LockTypeName(type), static_cast<unsigned long>(addr),
           mode == LockMode::kShared ? "shared" : "exclusive");
  ReportEvent *h = r->AddEvent("lock-held", ts->tid);
  FillLock(&h->lock, s);
  {
    SpinLockGuard guard(s->mu);
    if (s->owner_tid == ts->tid && s->acquired_stack.size) h->stack = s->acquired_stack;
  }
  if (!h->stack.size) h->stack.Push(held.site);
  snprintf(h->description, sizeof(h->description), "%s 0x%lx was first acquired by %s here",
           LockTypeName(type), static_cast<unsigned long>(addr), name);
  AddThreadInfo(r);
  OutputReport(r);
  if (!Flags().on_deadlock_continue) {
    PrintSummary();
    RawExit(ExitStatusFor(Flags().exitcode ? Flags().exitcode : 1));
  }
}

void ReportMutexMisuse(ThreadState *ts, SyncVar *s, const char *subkind) {
  ScopedIgnore ignore(ts);
  Report *r = NewReport();
  r->kind = "mutex-misuse";
  r->subkind = subkind;
  char name[32];
  ThreadName(ts->tid, name, sizeof(name));
  u32 owner;
  StackTrace owner_stack;
  {
    SpinLockGuard guard(s->mu);
    owner = s->owner_tid;
    owner_stack = s->acquired_stack;
  }
  const char *type = LockTypeName(s->type);
  unsigned long addr = static_cast<unsigned long>(s->addr);
  ReportEvent *e = r->AddEvent("misuse", ts->tid);
  FillLock(&e->lock, s);
  CaptureStack(ts, nullptr, &e->stack);
  const char *what = "";
  if (!__builtin_strcmp(subkind, "unlock-unlocked")) what = "unlocks %s 0x%lx that is not locked";
  else if (!__builtin_strcmp(subkind, "unlock-foreign")) what = "unlocks %s 0x%lx held by another thread";
  else if (!__builtin_strcmp(subkind, "destroy-locked")) what = "destroys %s 0x%lx while it is locked";
  else if (!__builtin_strcmp(subkind, "exit-holding")) what = "exits while holding %s 0x%lx";
  else if (!__builtin_strcmp(subkind, "unbalanced-unlock")) what = "unlocks %s 0x%lx more times than it locked it";
  else what = "misuses %s 0x%lx";
  char text[160];
  snprintf(text, sizeof(text), what, type, addr);
  snprintf(r->message, sizeof(r->message), "%s %s", name, text);
  snprintf(e->description, sizeof(e->description), "%s %s here", name, text);
  if (owner != ~0u && owner_stack.size) {
    ReportEvent *h = r->AddEvent("lock-held", owner);
    FillLock(&h->lock, s);
    h->stack = owner_stack;
    char owner_name[32];
    ThreadName(owner, owner_name, sizeof(owner_name));
    snprintf(h->description, sizeof(h->description), "%s 0x%lx was acquired by %s here", type,
             addr, owner_name);
  }
  AddThreadInfo(r);
  OutputReport(r);
}

void LockOrderOnAcquire(ThreadState *ts, SyncVar *s, HeldLock &acquired, bool is_try) {
  (void)ts;
  (void)s;
  (void)acquired;
  (void)is_try;
}

void LockOrderForget(SyncVar *s) { (void)s; }

void LockWaitBegin(ThreadState *ts, uptr addr) {
  ts->waiting_site = ts->depth && ts->depth <= kMaxShadowFrames ? ts->frames[ts->depth - 1].callsite : nullptr;
  ts->waiting_since_ns.store(NowNs(), std::memory_order_relaxed);
  ts->waiting_for_lock.store(addr, std::memory_order_release);
}

void LockWaitEnd(ThreadState *ts) { ts->waiting_for_lock.store(0, std::memory_order_release); }

void MarkOwnerExited(SyncVar *s, ThreadState *owner) { (void)s; (void)owner; }

void StartDeadlockWatcher() {}

}  // namespace rl
