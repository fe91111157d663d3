// Thread lifecycle, slot recycling and thread facts for reports. See thread_state.h.
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "access.h"
#include "access_history.h"
#include "check_counts.h"
#include "clock_reset.h"
#include "heap_registry.h"
#include "internal_alloc.h"
#include "lock_model.h"
#include "options.h"
#include "report_output.h"
#include "runtime_init.h"
#include "shadow_map.h"
#include "spin_mutex.h"
#include "thread_state.h"

namespace rl {

RL_TLS ThreadState *tls_thread;

struct ThreadContext {
  u32 tid;
  u32 parent_tid;
  u32 slot;
  bool is_main;
  bool finished;
  bool detached;
  bool pthread_known;
  pthread_t pthread;
  ThreadState *state;
  VectorClock final_clock;
  StackTrace creation_stack;
  SyncHistory *sync_history;  // the thread's, kept after it ends (sync_history.h)
  ThreadContext *prev, *next;
};


namespace {

// Owners a slot has had, newest last, so a report can name the thread behind an old epoch.
constexpr u32 kSlotHistory = 4;
struct SlotInfo {
  u32 era = 0;         // the clock era of last_clock and the owners (clock_reset.h)
  u64 last_clock = 0;  // final clock of the last thread that released the slot
  bool in_use = false;
  u32 holders = 0;     // threads and tasks holding it (more than one only when out of slots)
  u32 num_owners = 0;
  u32 owner_tid[kSlotHistory];
  u64 owner_start[kSlotHistory];
};


SpinMutex g_registry_mu;
SlotInfo *g_slots;           // [shadow::kMaxSlots]
u32 g_next_unused_slot = 0;
u32 *g_free_slots;           // stack of released slots
u32 g_num_free_slots = 0;
bool g_warned_slot_reuse = false;
u32 g_next_shared_slot = 0;

void WarnSlotsShared() {
  if (g_warned_slot_reuse) return;
  g_warned_slot_reuse = true;
  VReport(0, "more than %u threads alive or unjoined at once; some races between "
             "threads sharing a slot may be missed", shadow::kMaxSlots);
}
u32 g_next_tid = 0;
ThreadContext *g_contexts;   // every context not yet reclaimed
u32 g_num_live = 0;

// A finished thread still runs a little (TLS destructors); its accesses are ignored.
ThreadState *g_finished_thread;

pthread_key_t g_thread_key;

void LinkContext(ThreadContext *c) {
  c->prev = nullptr;
  c->next = g_contexts;
  if (g_contexts) g_contexts->prev = c;
  g_contexts = c;
}

// What a report says about a thread whose context was reclaimed (joined, or detached and
// finished): the last kReclaimedThreads are kept, so a race found after the join still
// names where the other thread was created. Under g_registry_mu.
constexpr u32 kReclaimedThreads = 256;
struct ReclaimedThread {
  u32 tid;
  u32 parent_tid;
  bool is_main;
  StackTrace creation_stack;
  SyncHistory *sync_history;  // owned: freed when the entry is reused
};
ReclaimedThread g_reclaimed[kReclaimedThreads];
u32 g_num_reclaimed = 0;  // total ever; the ring holds the last kReclaimedThreads

const ReclaimedThread *FindReclaimed(u32 tid) {
  u32 kept = g_num_reclaimed < kReclaimedThreads ? g_num_reclaimed : kReclaimedThreads;
  for (u32 i = 1; i <= kept; ++i) {
    const ReclaimedThread &r = g_reclaimed[(g_num_reclaimed - i) % kReclaimedThreads];
    if (r.tid == tid) return &r;
  }
  return nullptr;
}

void UnlinkAndFreeContext(ThreadContext *c) {
  if (c->prev) c->prev->next = c->next;
  else g_contexts = c->next;
  if (c->next) c->next->prev = c->prev;
  ReclaimedThread &r = g_reclaimed[g_num_reclaimed++ % kReclaimedThreads];
  r.tid = c->tid;
  r.parent_tid = c->parent_tid;
  r.is_main = c->is_main;
  r.creation_stack = c->creation_stack;
  // The thread has finished (or never started): nobody records into it any more.
  FreeSyncHistory(r.sync_history);
  r.sync_history = c->sync_history;
  InternalDelete(c);
}

ThreadContext *FindByTid(u32 tid) {
  for (ThreadContext *c = g_contexts; c; c = c->next)
    if (c->tid == tid) return c;
  return nullptr;
}

ThreadContext *FindByPthread(pthread_t t) {
  for (ThreadContext *c = g_contexts; c; c = c->next)
    if (c->pthread_known && pthread_equal(c->pthread, t)) return c;  // main can be joined too
  return nullptr;
}

// The slot's facts in the current clock era: after a reset (clock_reset.h) its clock starts
// again, and only its current holder, from clock 0 on, is its owner. Under g_registry_mu.
SlotInfo &Slot(u32 slot) {
  SlotInfo &info = g_slots[slot];
  const u32 era = CurrentClockEra();
  if (RL_UNLIKELY(info.era != era)) {
    info.era = era;
    info.last_clock = 0;
    if (info.in_use && info.num_owners) {
      info.owner_tid[0] = info.owner_tid[info.num_owners - 1];
      info.owner_start[0] = 0;
      info.num_owners = 1;
    } else {
      info.num_owners = 0;
    }
  }
  return info;
}

// Picks a slot for a thread created by a thread whose clock is `creator`. Under g_registry_mu.
// With `clean_only`, only a slot whose clock has room and whose old epochs the creator
// covers (else ~0u).
u32 AllocSlot(const VectorClock *creator, u64 *start_clock, bool clean_only = false) {
  if (!g_slots) {
    g_slots = static_cast<SlotInfo *>(InternalCalloc(shadow::kMaxSlots, sizeof(SlotInfo)));
    g_free_slots = static_cast<u32 *>(InternalAlloc(shadow::kMaxSlots * sizeof(u32)));
  }
  const u64 limit = ClockLimit();
  u32 slot = ~0u;
  // 1. A released slot whose last epoch the creator already knows: nothing of the old
  //    thread can then be mistaken for being ordered before the new one. Look at the most
  //    recently released ones first (most likely joined just now). A slot whose clock ran
  //    out waits for the next reset.
  for (u32 i = g_num_free_slots, looked = 0; i > 0 && looked < 256; --i, ++looked) {
    u32 s = g_free_slots[i - 1];
    const SlotInfo &info = Slot(s);
    if (creator && info.last_clock < limit && creator->Get(s) >= info.last_clock) {
      slot = s;
      g_free_slots[i - 1] = g_free_slots[--g_num_free_slots];
      break;
    }
  }
  // 2. A slot never used.
  if (slot == ~0u && g_next_unused_slot < shadow::kMaxSlots) slot = g_next_unused_slot++;
  if (slot == ~0u && clean_only) return ~0u;
  // 3. Out of slots: reuse the oldest released one. Accesses of its old thread may then
  //    look ordered before the new thread's: races between them can be missed (never
  //    invented). Said once.
  if (slot == ~0u && g_num_free_slots) {
    slot = g_free_slots[0];
    g_free_slots[0] = g_free_slots[--g_num_free_slots];
    WarnSlotsShared();
  }
  // 4. None free: share a live one (more than kMaxSlots threads and tasks alive at once).
  //    Holders of one slot look like one thread to each other: races between them are
  //    missed, never invented (each one's cells stay at or below what it releases).
  if (slot == ~0u) {
    slot = g_next_shared_slot++ % shadow::kMaxSlots;
    WarnSlotsShared();
  }
  SlotInfo &info = Slot(slot);
  info.in_use = true;
  ++info.holders;
  // (A slot whose clock ran out gives a start past the limit: the thread then moves or
  // resets at its first check, NewThreadState.)
  *start_clock = info.last_clock + 1;
  return slot;
}

// A slot given back by its holder, whose clock reached `last_clock`. Under g_registry_mu.
void FreeSlot(u32 slot, u64 last_clock) {
  SlotInfo &info = Slot(slot);
  if (last_clock > info.last_clock) info.last_clock = last_clock;
  if (info.holders && --info.holders) return;  // still shared with another holder
  info.in_use = false;
  g_free_slots[g_num_free_slots++] = slot;
}

void RecordSlotOwner(u32 slot, u32 tid, u64 start) {
  SlotInfo &info = Slot(slot);
  if (info.num_owners == kSlotHistory) {
    memmove(info.owner_tid, info.owner_tid + 1, (kSlotHistory - 1) * sizeof(u32));
    memmove(info.owner_start, info.owner_start + 1, (kSlotHistory - 1) * sizeof(u64));
    --info.num_owners;
  }
  info.owner_tid[info.num_owners] = tid;
  info.owner_start[info.num_owners] = start;
  ++info.num_owners;
}

ThreadState *NewThreadState(u32 slot, u32 tid, u64 start_clock, const VectorClock *inherit) {
  ThreadState *ts = InternalNew<ThreadState>();
  ts->os_tid = int(syscall(SYS_gettid));  // (called on the thread itself)
  ts->check_counts = ThisThreadCheckCounts();
  ts->slot = slot;
  ts->tid = tid;
  ts->shadow_user = ClaimShadowUser();
  if (inherit) ts->clock.CopyFrom(*inherit);
  const bool exhausted = start_clock > ClockLimit();
  if (exhausted) start_clock = ClockLimit();
  ts->clock.Set(slot, start_clock);
  // Room for every slot (2 KiB): moving to another slot never allocates (SwitchThreadSlot).
  ts->clock.Reserve(shadow::kMaxSlots);
  ts->epoch_bits = shadow::EpochBits(slot, start_clock);
  if (exhausted) NoteClockExhausted(ts);
  return ts;
}

void SetStackBounds(ThreadState *ts, bool is_main) {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void *addr = nullptr;
  size_t size = 0;
  if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
    ts->stack_begin = uptr(addr);
    ts->stack_end = uptr(addr) + size;
  }
  pthread_attr_destroy(&attr);
  if (!is_main && ts->stack_begin) {
    // glibc places the static TLS block and the thread descriptor right above the stack,
    // and caches stacks for reuse: forget what earlier threads did in this memory.
    uptr top = uptr(pthread_self());
    if (top < ts->stack_end || top > ts->stack_end + (uptr(1) << 20)) top = ts->stack_end;
    ResetShadowRange(ts->stack_begin, top - ts->stack_begin);
  }
}

void FreeThreadStateAtThreadEnd(void *arg) {
  // Runs after the thread's C++ thread_local destructors: nothing of it runs afterwards
  // but glibc's own clean-up.
  ThreadState *ts = static_cast<ThreadState *>(arg);
  tls_thread = g_finished_thread;
  FoldThreadCheckCounts(ts, /*first=*/false);  // counted by its thread_local destructors
  ReleaseHeldLockStorage(ts);
  ReleaseShadowUser(ts->shadow_user);
  InternalDelete(ts);
}

}  // namespace

struct ThreadStart {
  void *(*fn)(void *);
  void *arg;
  ThreadContext *context;
  u64 start_clock;
  VectorClock parent_clock;
};

void Tick(ThreadState *ts) {
  u64 next = ts->clock.Get(ts->slot) + 1;
  if (RL_UNLIKELY(next > ClockLimit())) return NoteClockExhausted(ts);
  ts->clock.Set(ts->slot, next);
  ts->epoch_bits = shadow::EpochBits(ts->slot, next);
}

// The ring of access history of the slot `ts` left at its last move goes to the next slot
// that needs one (RetireSlotHistory), if the slot is still spent and unheld: the same era
// (nobody took it since: AllocSlot hands out slots only under g_registry_mu, held here).
void RetireLeftSlotHistory(ThreadState *ts) {
  if (ts->left_slot != ~0u && ts->left_slot_era == CurrentClockEra() &&
      Slot(ts->left_slot).holders == 0)
    RetireSlotHistory(ts->left_slot);
  ts->left_slot = ~0u;
}

bool SwitchThreadSlot(ThreadState *ts) {
  ThreadContext *c = ts->context;
  // An OpenMP task's slot is the task's (ompt.cc gives it back): that thread resets instead.
  if (!c || c->slot != ts->slot) return false;
  u64 start;
  {
    SpinLockGuard guard(g_registry_mu);
    u32 slot = AllocSlot(&ts->clock, &start, /*clean_only=*/true);
    // No allocation here: this may run in a signal handler that interrupted malloc
    // (sync/signal_handler_sem_post.c hung in realloc). Clocks of threads are reserved
    // whole when their thread starts; one that is not resets instead.
    if (slot == ~0u || start > ClockLimit() || slot >= ts->clock.Capacity()) {
      if (slot != ~0u) FreeSlot(slot, Slot(slot).last_clock);
      return false;
    }
    // The old slot's clock is spent: no one takes it before the next reset.
    FreeSlot(ts->slot, ClockLimit());
    // One ring of access history a thread, plus the one of the slot it left last: the
    // slot it left before that gives its ring to the next slot.
    RetireLeftSlotHistory(ts);
    ts->left_slot = ts->slot;
    ts->left_slot_era = CurrentClockEra();
    RecordSlotOwner(slot, ts->tid, start);
    c->slot = slot;
    ts->slot = slot;
  }
  // The vector clock keeps the old slot's last entry: all this thread did there stays
  // ordered before what it does next.
  ts->clock.Set(ts->slot, start);
  ts->clock_exhausted = false;
  ts->epoch_bits = shadow::EpochBits(ts->slot, start);
  VReport(2, "thread T%u moved to slot %u (clock ran out)", ts->tid, ts->slot);
  return true;
}

void CaptureStack(const ThreadState *ts, const rl_site *top, StackTrace *out) {
  CaptureStackAtDepth(ts, top, ts->depth, out);
}

void CaptureStackAtDepth(const ThreadState *ts, const rl_site *top, u32 depth, StackTrace *out) {
  out->Clear();
  if (depth > ts->depth) depth = ts->depth;
  int i = int(depth < kMaxShadowFrames ? depth : kMaxShadowFrames) - 1;
  if (top) {
    out->PushWithInlinedCallers(top);
    --i;  // the innermost frame's callsite slot holds its last call, not this point
  }
  for (; i >= 0 && out->size < kMaxReportFrames; --i) {
    const ShadowFrame &f = ts->frames[i];
    out->PushWithInlinedCallers(f.callsite ? f.callsite : f.function);
  }
  // Frames left (or, past kMaxShadowFrames, never named): the stack is cut.
  if (i >= 0 || depth > kMaxShadowFrames) out->truncated = true;
}

void InitMainThread() {
  g_finished_thread = InternalNew<ThreadState>();
  g_finished_thread->ignore = 1 << 20;
  pthread_key_create(&g_thread_key, FreeThreadStateAtThreadEnd);
  ThreadContext *c = InternalNew<ThreadContext>();
  u64 start;
  {
    SpinLockGuard guard(g_registry_mu);
    c->slot = AllocSlot(nullptr, &start);
    c->tid = g_next_tid++;
    c->is_main = true;
    c->pthread = pthread_self();
    c->pthread_known = true;
    RecordSlotOwner(c->slot, c->tid, start);
    LinkContext(c);
    ++g_num_live;
  }
  ThreadState *ts = NewThreadState(c->slot, c->tid, start, nullptr);
  ts->context = c;
  c->sync_history = NewSyncHistory();
  ts->sync_history = c->sync_history;
  c->state = ts;
  ts->ignore++;
  tls_thread = ts;
  SetStackBounds(ts, true);
  ts->ignore--;
}

ThreadState *CurrentThreadSlow() {
  if (!RuntimeInitialized()) InitRuntime();
  if (tls_thread) return tls_thread;
  if (InitializingOnThisThread()) {
    // Instrumented code reached from the runtime's own initialization, before the main
    // thread has its state (a program-defined malloc called by dlsym): run it unchecked.
    static ThreadState *initializing;
    if (!initializing) {
      initializing = InternalNew<ThreadState>();
      initializing->ignore = 1 << 20;
    }
    return initializing;
  }
  // A thread the runtime did not see created (started before the runtime, or by a raw
  // clone): it starts with no knowledge of other threads.
  ThreadContext *c = InternalNew<ThreadContext>();
  u64 start;
  {
    SpinLockGuard guard(g_registry_mu);
    c->slot = AllocSlot(nullptr, &start);
    c->tid = g_next_tid++;
    c->pthread = pthread_self();
    c->pthread_known = true;
    RecordSlotOwner(c->slot, c->tid, start);
    LinkContext(c);
    ++g_num_live;
  }
  c->sync_history = NewSyncHistory();
  ThreadState *ts = NewThreadState(c->slot, c->tid, start, nullptr);
  ts->context = c;
  ts->sync_history = c->sync_history;
  c->state = ts;
  tls_thread = ts;
  pthread_setspecific(g_thread_key, ts);
  return ts;
}

ThreadStart *PrepareThreadStart(ThreadState *parent, void *(*fn)(void *), void *arg) {
  RecheckUnfenced(parent);  // before the release (access.h)
  ThreadStart *start = InternalNew<ThreadStart>();
  start->fn = fn;
  start->arg = arg;
  start->parent_clock.CopyFrom(parent->clock);  // creation is a release by the parent
  ThreadContext *c = InternalNew<ThreadContext>();
  c->parent_tid = parent->tid;
  c->sync_history = NewSyncHistory();
  CaptureStack(parent, nullptr, &c->creation_stack);
  {
    SpinLockGuard guard(g_registry_mu);
    c->slot = AllocSlot(&parent->clock, &start->start_clock);
    c->tid = g_next_tid++;
    RecordSlotOwner(c->slot, c->tid, start->start_clock);
    LinkContext(c);
    ++g_num_live;
  }
  start->context = c;
  Tick(parent);
  RecordSyncEvent(parent, SyncEventKind::kCreate, 0, 0, 0, c->tid);
  return start;
}

void AbandonThreadStart(ThreadStart *start) {
  {
    SpinLockGuard guard(g_registry_mu);
    ThreadContext *c = start->context;
    FreeSlot(c->slot, start->start_clock);
    --g_num_live;
    UnlinkAndFreeContext(c);
  }
  InternalDelete(start);
}

void *ThreadTrampoline(void *arg) {
  ThreadStart *start = static_cast<ThreadStart *>(arg);
  ThreadContext *c = start->context;
  ThreadState *ts = NewThreadState(c->slot, c->tid, start->start_clock, &start->parent_clock);
  ts->context = c;
  ts->sync_history = c->sync_history;
  ts->ignore++;
  tls_thread = ts;
  pthread_setspecific(g_thread_key, ts);
  {
    SpinLockGuard guard(g_registry_mu);
    c->state = ts;
    c->pthread = pthread_self();
    c->pthread_known = true;
  }
  SetStackBounds(ts, false);
  ts->ignore--;
  void *(*fn)(void *) = start->fn;
  void *fn_arg = start->arg;
  InternalDelete(start);
  void *result = fn(fn_arg);
  ThreadFinish(ts);
  return result;
}

void ThreadFinish(ThreadState *ts) {
  if (ts->ignore >= (1 << 20)) return;  // already finished (pthread_exit from a destructor)
  LockModelThreadExit(ts);
  ThreadContext *c = ts->context;
  bool last;
  {
    SpinLockGuard guard(g_registry_mu);
    c->final_clock.CopyFrom(ts->clock);  // released to whoever joins
    c->finished = true;
    c->state = nullptr;
    FreeSlot(c->slot, ts->clock.Get(ts->slot));
    RetireLeftSlotHistory(ts);  // (the slot it holds keeps its ring for its next holder)
    last = --g_num_live == 0;
    ts->ignore += 1 << 20;
    // Where it stops being live: PrintCheckCounts counts it either here or among the live.
    FoldThreadCheckCounts(ts, /*first=*/true);
    if (c->detached) UnlinkAndFreeContext(c);
    ts->context = nullptr;
    ts->sync_history = nullptr;  // kept by the context (or the reclaimed facts)
  }
  // The program's last thread (main called pthread_exit before): glibc ends the process when
  // the last thread ends, and the watcher is a thread too.
  if (last) StopDeadlockWatcher();
}

void ThreadJoined(ThreadState *ts, pthread_t thread) {
  RecheckUnfenced(ts);  // before the acquire (access.h)
  u32 tid;
  {
    SpinLockGuard guard(g_registry_mu);
    ThreadContext *c = FindByPthread(thread);
    if (!c) return;
    ts->clock.Join(c->final_clock);
    tid = c->tid;
    UnlinkAndFreeContext(c);
  }
  RecordSyncEvent(ts, SyncEventKind::kJoin, 0, 0, 0, tid);
}

void ThreadDetached(pthread_t thread) {
  SpinLockGuard guard(g_registry_mu);
  ThreadContext *c = FindByPthread(thread);
  if (!c) return;
  c->detached = true;
  if (c->finished) UnlinkAndFreeContext(c);
}


u32 AllocTaskSlot(const VectorClock &clock, u32 tid, u64 *start_clock) {
  SpinLockGuard guard(g_registry_mu);
  u32 slot = AllocSlot(&clock, start_clock);
  RecordSlotOwner(slot, tid, *start_clock);
  return slot;
}

void ReleaseTaskSlot(u32 slot, u64 last_clock) {
  SpinLockGuard guard(g_registry_mu);
  FreeSlot(slot, last_clock);
}

u32 TidForSlotClock(u32 slot, u64 clock) {
  SpinLockGuard guard(g_registry_mu);
  if (!g_slots || slot >= shadow::kMaxSlots) return 0;
  const SlotInfo &info = Slot(slot);
  for (u32 i = info.num_owners; i > 0; --i)
    if (info.owner_start[i - 1] <= clock) return info.owner_tid[i - 1];
  return info.num_owners ? info.owner_tid[0] : 0;
}

bool SlotOwnerStartAt(u32 slot, u64 clock, u64 *start) {
  SpinLockGuard guard(g_registry_mu);
  if (!g_slots || slot >= shadow::kMaxSlots) return false;
  const SlotInfo &info = Slot(slot);
  for (u32 i = info.num_owners; i > 0; --i) {
    if (info.owner_start[i - 1] <= clock) {
      *start = info.owner_start[i - 1];
      return true;
    }
  }
  return false;
}

bool FillThreadInfo(u32 tid, ThreadInfo *out) {
  SpinLockGuard guard(g_registry_mu);
  out->id = tid;
  ThreadContext *c = FindByTid(tid);
  if (!c) {
    out->finished = true;
    out->is_main = tid == 0;
    const ReclaimedThread *r = FindReclaimed(tid);
    if (!r) return false;
    out->parent = r->parent_tid;
    out->is_main = r->is_main;
    out->creation_stack = r->creation_stack;
    return true;
  }
  out->parent = c->parent_tid;
  out->is_main = c->is_main;
  out->finished = c->finished;
  out->creation_stack = c->creation_stack;
  return true;
}

u32 SnapshotSyncHistory(u32 tid, SyncEventRecord *out, u32 max, u64 *total) {
  *total = 0;
  SpinLockGuard guard(g_registry_mu);
  const SyncHistory *h = nullptr;
  if (ThreadContext *c = FindByTid(tid)) h = c->sync_history;
  else if (const ReclaimedThread *r = FindReclaimed(tid)) h = r->sync_history;
  return h ? h->Snapshot(out, max, total) : 0;
}

void AddThreadInfo(Report *report) {
  for (u32 i = 0; i < report->num_events; ++i) {
    u32 tid = report->events[i].thread;
    bool seen = false;
    for (u32 j = 0; j < report->num_threads; ++j) seen |= report->threads[j].id == tid;
    if (seen || report->num_threads >= kMaxReportThreads) continue;
    FillThreadInfo(tid, &report->threads[report->num_threads++]);
  }
}

bool FindStackOwner(uptr addr, u32 *tid) {
  SpinLockGuard guard(g_registry_mu);
  for (ThreadContext *c = g_contexts; c; c = c->next) {
    ThreadState *ts = c->state;
    if (ts && addr >= ts->stack_begin && addr < ts->stack_end) {
      *tid = c->tid;
      return true;
    }
  }
  return false;
}

void ForEachLiveThread(void (*fn)(ThreadState *, void *), void *arg) {
  SpinLockGuard guard(g_registry_mu);
  for (ThreadContext *c = g_contexts; c; c = c->next)
    if (c->state) fn(c->state, arg);
}

bool ThreadHasFinished(u32 tid) {
  SpinLockGuard guard(g_registry_mu);
  ThreadContext *c = FindByTid(tid);
  return !c || c->finished;
}

u32 TidOfPthread(pthread_t thread) {
  SpinLockGuard guard(g_registry_mu);
  ThreadContext *c = FindByPthread(thread);
  return c ? c->tid : ~0u;
}

u32 CountStartingThreads() {
  SpinLockGuard guard(g_registry_mu);
  u32 n = 0;
  for (ThreadContext *c = g_contexts; c; c = c->next) n += !c->finished && !c->state;
  return n;
}

u32 CountOtherThreads(const ThreadState *self, u32 *running, u32 *tids, u32 max) {
  SpinLockGuard guard(g_registry_mu);
  u32 n = 0;
  *running = 0;
  for (ThreadContext *c = g_contexts; c; c = c->next) {
    if (c->finished || (self && c->state == self)) continue;
    ++n;
    // A thread blocked in an untimed wait can only be woken by another thread: if none runs,
    // none will ever be woken. Anything else (computing, sleeping, a timed wait, starting)
    // may still run.
    bool blocked = c->state && (c->state->wait_state.load(std::memory_order_acquire) & 0xff) !=
                                   u64(WaitKind::kNone);
    if (blocked) continue;
    if (*running < max) tids[*running] = c->tid;
    ++*running;
  }
  return n;
}

void WaitForThreadsAtExit() {
  int wait_ms = Flags().atexit_wait_ms;
  ThreadState *self = tls_thread;
  if (SpinLocksHeld()) return;  // exit() from a signal handler inside the runtime
  constexpr u32 kNamed = 4;
  u32 tids[kNamed], running;
  CountOtherThreads(self, &running, tids, kNamed);
  if (!running) return;
  u32 first_running = running;
  timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  long waited_ms = 0;
  u32 ignored_tids[kNamed];
  while (running && waited_ms < wait_ms) {
    timespec pause = {0, 5 * 1000 * 1000};  // 5 ms (a raw syscall: no interceptor)
    syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &pause, nullptr);
    clock_gettime(CLOCK_MONOTONIC, &now);
    waited_ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
    CountOtherThreads(self, &running, ignored_tids, kNamed);
  }
  char names[160];
  size_t len = 0;
  names[0] = 0;
  u32 shown = first_running < kNamed ? first_running : kNamed;
  for (u32 i = 0; i < shown && len + 40 < sizeof(names); ++i) {
    char name[32];
    FormatThreadName(tids[i], name, sizeof(name));
    len += size_t(snprintf(names + len, sizeof(names) - len, "%s%s", i ? ", " : "", name));
  }
  if (first_running > shown && len + 24 < sizeof(names))
    snprintf(names + len, sizeof(names) - len, " and %u more", first_running - shown);
  bool one = first_running == 1;
  char line[480];
  if (wait_ms == 0)
    snprintf(line, sizeof(line),
             "racelight: %s still running at exit (%s); not waited for (atexit_wait_ms=0): "
             "what %s did after that was not checked\n",
             one ? "a thread was" : "threads were", names, one ? "it" : "they");
  else if (running)
    snprintf(line, sizeof(line),
             "racelight: %s still running at exit (%s); waited %ld ms (atexit_wait_ms) and "
             "%s still running: what %s later is not checked\n",
             one ? "a thread was" : "threads were", names, waited_ms,
             running == 1 ? "one is" : "some are", running == 1 ? "it does" : "they do");
  else
    snprintf(line, sizeof(line),
             "racelight: %s still running at exit (%s); waited %ld ms until %s finished or "
             "blocked (atexit_wait_ms=%d)\n",
             one ? "a thread was" : "threads were", names, waited_ms, one ? "it" : "they",
             wait_ms);
  PrintNote(line);
}

void ThreadRegistryAfterForkChild(ThreadState *self) {
  g_registry_mu.ResetAfterFork();
  ClockResetAfterForkChild(self);
  self->os_tid = int(syscall(SYS_gettid));
  SpinLockGuard guard(g_registry_mu);
  for (ThreadContext *c = g_contexts; c; c = c->next) {
    if (c->state == self) continue;
    if (c->finished) {
      self->clock.Join(c->final_clock);
      continue;
    }
    ThreadState *ts = c->state;
    if (ts) {
      // A thread of the parent, gone in the child. Its state is not freed: nothing of it
      // runs any more, but its lock waits must not be seen (the watcher skips ended
      // threads), and its held locks stay held by an exited owner.
      self->clock.Join(ts->clock);
      c->final_clock.CopyFrom(ts->clock);
      FreeSlot(c->slot, ts->clock.Get(ts->slot));
      ts->context = nullptr;
    }
    c->finished = true;
    c->state = nullptr;
    if (g_num_live) --g_num_live;
  }
}

}  // namespace rl
