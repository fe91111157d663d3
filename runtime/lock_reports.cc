// Deadlocks and lock misuse.
//
// Potential deadlocks: every blocking acquisition adds edges "held -> acquired" to the
// lock-order graph (lock_graph.h), which finds reportable cycles incrementally; each is
// reported once as a lock-order-inversion, with every edge's thread and both acquisition
// stacks.
//
// Real deadlocks: a thread about to block on a non-recursive lock it holds is reported at
// once (it can never wake). Other blocked threads are watched by a background thread: a
// blocking acquire publishes what it waits for; every deadlock_timeout_ms/2 the watcher
// follows "waits for lock -> held by thread -> waits for lock ..." and reports a cycle, or a
// wait for a lock whose owner exited, when the same waits are seen unchanged on two scans
// at least deadlock_timeout_ms old. Then the process ends with the report exit status
// (on_deadlock=continue: it keeps waiting), so a deadlocked test fails instead of hanging.
//
// Stalls: when no lock cycle explains it, the watcher also reports every live thread
// blocked in an untimed wait (condition variable, join, semaphore, barrier, lock) that no
// other thread can end (see StallScan).
#include "lock_reports.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "clock_reset.h"
#include "interceptors.h"
#include "internal_alloc.h"
#include "diagnostics.h"
#include "lock_graph.h"
#include "options.h"
#include "report.h"
#include "report_output.h"
#include "stack_depot.h"
#include "thread_state.h"

namespace rl {

namespace {

LockGraph g_lock_graph;

// Lock-graph node slot -> the lock's address and kind, for naming locks in reports.
SpinMutex g_node_mu;
struct NodeInfo {
  u64 node;
  uptr addr;
  u64 id;
  LockType type;
};
NodeInfo *g_nodes = nullptr;
u32 g_nodes_capacity = 0;

void RememberNode(u64 node, SyncVar *s) {
  SpinLockGuard guard(g_node_mu);
  u32 slot = LockNodeSlot(node);
  if (slot >= g_nodes_capacity) {
    u32 capacity = g_nodes_capacity ? g_nodes_capacity : 64;
    while (capacity <= slot) capacity *= 2;
    g_nodes = static_cast<NodeInfo *>(InternalRealloc(g_nodes, capacity * sizeof(NodeInfo)));
    memset(g_nodes + g_nodes_capacity, 0, (capacity - g_nodes_capacity) * sizeof(NodeInfo));
    g_nodes_capacity = capacity;
  }
  g_nodes[slot] = NodeInfo{node, s->addr, s->id, s->type};
}

bool LookupNode(u64 node, NodeInfo *out) {
  SpinLockGuard guard(g_node_mu);
  u32 slot = LockNodeSlot(node);
  if (slot >= g_nodes_capacity || g_nodes[slot].node != node) return false;
  *out = g_nodes[slot];
  return true;
}

// Every blocking lock call stamps its wait with this, so it must be cheap: the coarse clock
// reads the kernel's last tick without the TSC (a few ms of resolution, far below any
// deadlock timeout; clock_gettime(CLOCK_MONOTONIC) was 4% of mutex_counter).
u64 NowNs() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
  return u64(t.tv_sec) * 1000000000ull + u64(t.tv_nsec);
}

void FillLock(LockInfo *info, SyncVar *s) {
  info->present = true;
  info->id = s->id;
  info->address = s->addr;
  info->type = LockTypeName(s->type);
}

[[noreturn]] void EndAfterDeadlock() {
  PrintSummary();
  RawExit(ExitStatusFor(Flags().exitcode ? Flags().exitcode : 1));
}

}  // namespace

void ReportSelfDeadlock(ThreadState *ts, uptr addr, LockType type, LockMode mode,
                        const ThreadHeldLock &held) {
  ScopedIgnore ignore(ts);
  SyncVar *s = GetSyncVar(addr, true);
  Report *r = NewReport();
  r->kind = "deadlock";
  r->subkind = "self";
  char name[32];
  FormatThreadName(ts->tid, name, sizeof(name));
  snprintf(r->message, sizeof(r->message),
           "%s blocks acquiring non-recursive %s 0x%lx that it already holds", name,
           LockTypeName(type), static_cast<unsigned long>(addr));
  ReportEvent *e = r->AddEvent("lock-wanted", ts->tid);
  FillLock(&e->lock, s);
  CaptureStack(ts, nullptr, &e->stack);
  snprintf(e->description, sizeof(e->description), "%s acquires %s 0x%lx again (%s)", name,
           LockTypeName(type), static_cast<unsigned long>(addr),
           mode == LockMode::kShared ? "shared" : "exclusive");
  ReportEvent *h = r->AddEvent("lock-held", ts->tid);
  FillLock(&h->lock, s);
  StackDepotGet(held.acquire_stack, &h->stack);
  if (!h->stack.size) h->stack.PushWithInlinedCallers(held.site);
  snprintf(h->description, sizeof(h->description), "%s 0x%lx was first acquired by %s",
           LockTypeName(type), static_cast<unsigned long>(addr), name);
  AddThreadInfo(r);
  OutputReport(r);
  if (!Flags().on_deadlock_continue) EndAfterDeadlock();
}

void ReportMutexMisuse(ThreadState *ts, SyncVar *s, const char *subkind) {
  ScopedIgnore ignore(ts);
  Report *r = NewReport();
  r->kind = "mutex-misuse";
  r->subkind = subkind;
  char name[32];
  FormatThreadName(ts->tid, name, sizeof(name));
  u32 owner;
  u64 owner_stack;
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
  char text[160];
  if (!strcmp(subkind, "unlock-unlocked"))
    snprintf(text, sizeof(text), "unlocks %s 0x%lx that is not locked", type, addr);
  else if (!strcmp(subkind, "unlock-foreign"))
    snprintf(text, sizeof(text), "unlocks %s 0x%lx held by another thread", type, addr);
  else if (!strcmp(subkind, "destroy-locked"))
    snprintf(text, sizeof(text), "destroys %s 0x%lx while it is locked", type, addr);
  else if (!strcmp(subkind, "exit-holding"))
    snprintf(text, sizeof(text), "exits while holding %s 0x%lx", type, addr);
  else if (!strcmp(subkind, "unbalanced-unlock"))
    snprintf(text, sizeof(text), "unlocks %s 0x%lx more times than it locked it", type, addr);
  else
    snprintf(text, sizeof(text), "misuses %s 0x%lx", type, addr);
  snprintf(r->message, sizeof(r->message), "%s %s", name, text);
  snprintf(e->description, sizeof(e->description), "%s %s", name, text);
  if (owner != ~0u && owner_stack) {
    ReportEvent *h = r->AddEvent("lock-held", owner);
    FillLock(&h->lock, s);
    StackDepotGet(owner_stack, &h->stack);
    char owner_name[32];
    FormatThreadName(owner, owner_name, sizeof(owner_name));
    snprintf(h->description, sizeof(h->description), "%s 0x%lx was acquired by %s", type, addr,
             owner_name);
  }
  AddThreadInfo(r);
  OutputReport(r);
}

void ReportDeadLockUse(ThreadState *ts, uptr addr, LockType type, LockUse use, bool freed,
                       u32 tid, const rl_site *site, u64 stack) {
  ScopedIgnore ignore(ts);
  Report *r = NewReport();
  r->kind = "mutex-misuse";
  r->subkind = freed ? "use-after-free" : "use-after-destroy";
  char name[32], other[32];
  FormatThreadName(ts->tid, name, sizeof(name));
  FormatThreadName(tid, other, sizeof(other));
  const char *verb = use == LockUse::kLock     ? "locks"
                     : use == LockUse::kUnlock ? "unlocks"
                                               : "waits on a condition variable with";
  const char *type_name = LockTypeName(type);
  unsigned long a = static_cast<unsigned long>(addr);
  if (freed)
    snprintf(r->message, sizeof(r->message), "%s %s %s 0x%lx whose memory was freed", name,
             verb, type_name, a);
  else
    snprintf(r->message, sizeof(r->message), "%s %s %s 0x%lx that was destroyed", name, verb,
             type_name, a);
  ReportEvent *e = r->AddEvent("misuse", ts->tid);
  e->lock.present = true;
  e->lock.address = addr;
  e->lock.type = type_name;
  e->lock.id = GetSyncVar(addr, true)->id;  // the object the call goes on with
  CaptureStack(ts, nullptr, &e->stack);
  snprintf(e->description, sizeof(e->description), "%.190s", r->message);
  ReportEvent *d = r->AddEvent(freed ? "freed" : "destroyed", tid);
  d->lock = e->lock;
  if (stack) StackDepotGet(stack, &d->stack);
  if (!d->stack.size && site) d->stack.PushWithInlinedCallers(site);
  snprintf(d->description, sizeof(d->description), "%s 0x%lx was %s by %s", type_name, a,
           freed ? "freed" : "destroyed", other);
  AddThreadInfo(r);
  OutputReport(r);
}

// ---------------------------------------------------------------- lock-order graph

void LockOrderNoteLimits() {
  u64 dropped = g_lock_graph.NumDroppedEdges();
  VReport(1, "exit: lock-order graph: %llu locks, %llu edges, %llu edges dropped",
          static_cast<unsigned long long>(g_lock_graph.NumLocks()),
          static_cast<unsigned long long>(g_lock_graph.NumEdges()),
          static_cast<unsigned long long>(dropped));
  if (!dropped) return;
  char note[300];
  int n = snprintf(note, sizeof(note),
                   "racelight: note: the lock-order graph reached its limit of %u edges; a new "
                   "lock order could not be recorded %llu times, so a lock-order inversion "
                   "through one may have been missed\n",
                   kMaxLockEdges, static_cast<unsigned long long>(dropped));
  if (n > 0) WriteAll(2, note, size_t(n) < sizeof(note) ? size_t(n) : sizeof(note) - 1);
}

void LockOrderOnAcquire(ThreadState *ts, SyncVar *s, ThreadHeldLock &acquired, bool is_try) {
  if (!Flags().detect_deadlocks) return;
  u64 node;
  {
    SpinLockGuard guard(s->mu);
    if (!s->graph_node) s->graph_node = g_lock_graph.NewLock();
    node = s->graph_node;
  }
  RememberNode(node, s);
  acquired.graph_node = node;
  if (!ts->num_held) return;  // no lock held: no edge
  HeldLock small[16];
  HeldLock *held = ts->num_held <= 16
                       ? small
                       : static_cast<HeldLock *>(InternalAlloc(ts->num_held * sizeof(HeldLock)));
  u32 n = 0;
  for (u32 i = 0; i < ts->num_held; ++i)
    if (ts->held[i].graph_node) held[n++] = HeldLock{ts->held[i].graph_node, ts->held[i].acquire_stack};
  LockCycleList cycles;
  g_lock_graph.SetReportSingleThreadCycles(Flags().single_thread_inversions);
  g_lock_graph.OnAcquire(ts->tid, node, acquired.acquire_stack, held, n,
                         is_try ? AcquireKind::kTryLock : AcquireKind::kBlocking, &cycles);
  if (held != small) InternalFree(held);
  // The graph's lock is released: now build and write the reports.
  for (u32 c = 0; c < cycles.size(); ++c) {
    LockCycleView cycle = cycles[c];
    ScopedIgnore ignore(ts);
    Report *r = NewReport();
    r->kind = "lock-order-inversion";
    char chain[200];
    size_t len = 0;
    chain[0] = 0;
    for (u32 i = 0; i < cycle.num_edges && len + 24 < sizeof(chain); ++i) {
      NodeInfo from;
      if (!LookupNode(cycle.edges[i].from, &from)) from = NodeInfo{0, 0, 0, LockType::kNone};
      len += size_t(snprintf(chain + len, sizeof(chain) - len, "M%llu -> ",
                             static_cast<unsigned long long>(from.id)));
    }
    NodeInfo first;
    if (LookupNode(cycle.edges[0].from, &first) && len + 24 < sizeof(chain))
      snprintf(chain + len, sizeof(chain) - len, "M%llu", static_cast<unsigned long long>(first.id));
    // Every edge taken by one thread (and by no other): that thread alone cannot deadlock,
    // but two threads running the same code paths can.
    bool one_thread = true;
    for (u32 i = 0; i < cycle.num_edges; ++i)
      one_thread &= !cycle.edges[i].multi_thread && cycle.edges[i].thread == cycle.edges[0].thread;
    if (one_thread) {
      r->subkind = "single-thread";
      char name[32];
      FormatThreadName(u32(cycle.edges[0].thread), name, sizeof(name));
      snprintf(r->message, sizeof(r->message),
               "lock-order inversion (potential deadlock) by one thread: %s took a cycle of "
               "%u locks in both orders: %s",
               name, cycle.num_edges, chain);
    } else {
      snprintf(r->message, sizeof(r->message),
               "lock-order inversion (potential deadlock) in a cycle of %u locks: %s",
               cycle.num_edges, chain);
    }
    for (u32 i = 0; i < cycle.num_edges && r->num_events + 2 <= kMaxReportEvents; ++i) {
      const LockEdgeInfo &edge = cycle.edges[i];
      NodeInfo from, to;
      bool have_from = LookupNode(edge.from, &from), have_to = LookupNode(edge.to, &to);
      u32 tid = u32(edge.thread);
      char name[32];
      FormatThreadName(tid, name, sizeof(name));
      ReportEvent *acq = r->AddEvent("lock-acquired", tid);
      if (have_to) {
        acq->lock.present = true;
        acq->lock.id = to.id;
        acq->lock.address = to.addr;
        acq->lock.type = LockTypeName(to.type);
      }
      StackDepotGet(edge.to_site, &acq->stack);
      snprintf(acq->description, sizeof(acq->description),
               "%s acquires M%llu (0x%lx) while holding M%llu (0x%lx)", name,
               static_cast<unsigned long long>(to.id), static_cast<unsigned long>(to.addr),
               static_cast<unsigned long long>(from.id), static_cast<unsigned long>(from.addr));
      ReportEvent *hold = r->AddEvent("lock-held", tid);
      if (have_from) {
        hold->lock.present = true;
        hold->lock.id = from.id;
        hold->lock.address = from.addr;
        hold->lock.type = LockTypeName(from.type);
      }
      StackDepotGet(edge.from_site, &hold->stack);
      snprintf(hold->description, sizeof(hold->description), "M%llu was acquired by %s",
               static_cast<unsigned long long>(from.id), name);
    }
    AddThreadInfo(r);
    OutputReport(r);
  }
}

void LockOrderForget(SyncVar *s) {
  if (s->graph_node) g_lock_graph.RemoveLock(s->graph_node);
}

// ---------------------------------------------------------------- blocked-thread watcher

void WaitBegin(ThreadState *ts, WaitKind kind, uptr object, uptr aux) {
  // (A seqlock: the fields of the new wait are written after the end of the last one was
  // published, and published by the new state.)
  std::atomic_thread_fence(std::memory_order_release);
  ts->waiting_since_ns.store(NowNs(), std::memory_order_relaxed);
  ts->wait_object.store(object, std::memory_order_relaxed);
  ts->wait_aux.store(aux, std::memory_order_relaxed);
  ts->wait_state.store((++ts->wait_seq << 8) | u64(kind), std::memory_order_release);
}

void WaitEnd(ThreadState *ts) {
  ts->wait_state.store(ts->wait_seq << 8, std::memory_order_release);
}

void LockWaitBegin(ThreadState *ts, uptr addr) {
  ts->waiting_site = InnermostCallSite(ts);
  WaitBegin(ts, WaitKind::kLock, addr, 0);
  ts->waiting_for_lock.store(addr, std::memory_order_release);
}

void LockWaitEnd(ThreadState *ts) {
  ts->waiting_for_lock.store(0, std::memory_order_release);
  WaitEnd(ts);
}

void MarkOwnerExited(SyncVar *s, ThreadState *owner) {
  SpinLockGuard guard(s->mu);
  if (s->owner_tid == owner->tid) s->owner_exited = true;
}

namespace {

constexpr u32 kMaxWatched = 1024;
constexpr u32 kMaxHeldShown = 8;

// What one blocked thread looked like at a scan.
struct Waiter {
  u32 tid;
  uptr lock;
  u64 since;
  StackTrace stack;
  u32 num_held;
  ThreadHeldLock held[kMaxHeldShown];
};

struct WaiterSet {
  u32 count = 0;
  Waiter w[kMaxWatched];
};

WaiterSet *g_previous;
WaiterSet *g_current;

const Waiter *FindWaiter(const WaiterSet &set, u32 tid) {
  for (u32 i = 0; i < set.count; ++i)
    if (set.w[i].tid == tid) return &set.w[i];
  return nullptr;
}

// A blocked thread whose held snapshot has the lock object `id` at `lock` (on the shared
// side), or null. (An entry with another id is left by an abandoned lock that lived there.)
const Waiter *FindBlockedHolder(const WaiterSet &set, uptr lock, u64 id) {
  for (u32 i = 0; i < set.count; ++i)
    for (u32 k = 0; k < set.w[i].num_held; ++k)
      if (set.w[i].held[k].addr == lock && set.w[i].held[k].id == id &&
          set.w[i].held[k].mode == LockMode::kShared)
        return &set.w[i];
  return nullptr;
}

// The same wait (thread, lock, start time) was seen on the previous scan.
bool Stable(const Waiter &w) {
  const Waiter *p = FindWaiter(*g_previous, w.tid);
  return p && p->lock == w.lock && p->since == w.since;
}

void AddWaiterEvents(Report *r, const Waiter &w, SyncVar *wanted) {
  char name[32];
  FormatThreadName(w.tid, name, sizeof(name));
  ReportEvent *e = r->AddEvent("lock-wanted", w.tid);
  if (!e) return;
  if (wanted) FillLock(&e->lock, wanted);
  e->stack = w.stack;
  snprintf(e->description, sizeof(e->description), "%s waits for %s 0x%lx", name,
           wanted ? LockTypeName(wanted->type) : "lock", static_cast<unsigned long>(w.lock));
  for (u32 i = 0; i < w.num_held; ++i) {
    ReportEvent *h = r->AddEvent("lock-held", w.tid);
    if (!h) return;
    SyncVar *s = GetSyncVar(w.held[i].addr, false);
    if (s) FillLock(&h->lock, s);
    StackDepotGet(w.held[i].acquire_stack, &h->stack);
    snprintf(h->description, sizeof(h->description), "%s holds %s 0x%lx, acquired", name,
             s ? LockTypeName(s->type) : "lock", static_cast<unsigned long>(w.held[i].addr));
  }
}

bool g_reported_real_deadlock = false;

void ReportWaitCycle(const Waiter *const *chain, u32 n) {
  Report *r = NewReport();
  r->kind = "deadlock";
  r->subkind = "cycle";
  snprintf(r->message, sizeof(r->message),
           "%u threads are blocked forever, each waiting for a lock another one holds", n);
  for (u32 i = 0; i < n; ++i) AddWaiterEvents(r, *chain[i], GetSyncVar(chain[i]->lock, false));
  AddThreadInfo(r);
  OutputReport(r);
}

void ReportOwnerExited(const Waiter &w, SyncVar *s, u32 owner, u64 owner_stack) {
  Report *r = NewReport();
  r->kind = "deadlock";
  r->subkind = "owner-exited";
  char name[32], owner_name[32];
  FormatThreadName(w.tid, name, sizeof(name));
  FormatThreadName(owner, owner_name, sizeof(owner_name));
  snprintf(r->message, sizeof(r->message),
           "%s waits forever for %s 0x%lx: its owner %s exited without releasing it", name,
           LockTypeName(s->type), static_cast<unsigned long>(s->addr), owner_name);
  AddWaiterEvents(r, w, s);
  ReportEvent *h = r->AddEvent("lock-held", owner);
  if (h) {
    FillLock(&h->lock, s);
    StackDepotGet(owner_stack, &h->stack);
    snprintf(h->description, sizeof(h->description),
             "%s acquired %s 0x%lx here and exited without releasing it", owner_name,
             LockTypeName(s->type), static_cast<unsigned long>(s->addr));
  }
  AddThreadInfo(r);
  OutputReport(r);
}

void Scan() {
  WaiterSet *tmp = g_previous;
  g_previous = g_current;
  g_current = tmp;
  g_current->count = 0;
  ForEachLiveThread([](ThreadState *ts, void *) {
    uptr lock = ts->waiting_for_lock.load(std::memory_order_acquire);
    if (!lock || g_current->count >= kMaxWatched) return;
    Waiter &w = g_current->w[g_current->count];
    w.tid = ts->tid;
    w.lock = lock;
    w.since = ts->waiting_since_ns.load(std::memory_order_relaxed);
    // The thread is blocked, so its shadow stack and held list are stable; re-check the
    // wait afterwards and drop the snapshot if it ended meanwhile.
    CaptureStack(ts, nullptr, &w.stack);
    w.num_held = 0;
    if (ts->waiting_for_lock.load(std::memory_order_acquire) != lock ||
        ts->waiting_since_ns.load(std::memory_order_relaxed) != w.since)
      return;
    ++g_current->count;
  }, nullptr);
  // Second pass: the locks each blocked thread holds. A thread may hold any number; the
  // snapshot keeps first those that some blocked thread waits for (the ones a cycle goes
  // through), then the outermost others, up to kMaxHeldShown.
  ForEachLiveThread([](ThreadState *ts, void *) {
    // g_current is the watcher's own (non-const) set: the snapshot is filled in place.
    Waiter *w = const_cast<Waiter *>(FindWaiter(*g_current, ts->tid));
    if (!w || ts->waiting_for_lock.load(std::memory_order_acquire) != w->lock ||
        ts->waiting_since_ns.load(std::memory_order_relaxed) != w->since)
      return;  // not blocked any more: its held list may be changing
    for (int wanted_first = 1; wanted_first >= 0; --wanted_first) {
      for (u32 i = 0; i < ts->num_held && w->num_held < kMaxHeldShown; ++i) {
        bool is_wanted = false;
        for (u32 k = 0; k < g_current->count && !is_wanted; ++k)
          is_wanted = g_current->w[k].lock == ts->held[i].addr;
        if (is_wanted == bool(wanted_first)) w->held[w->num_held++] = ts->held[i];
      }
    }
  }, nullptr);

  u64 now = NowNs();
  u64 timeout = u64(Flags().deadlock_timeout_ms) * 1000000ull;
  for (u32 i = 0; i < g_current->count; ++i) {
    const Waiter &start = g_current->w[i];
    if (now - start.since < timeout || !Stable(start)) continue;
    // Follow waits-for: lock -> owner -> the lock that owner waits for ...
    const Waiter *chain[64];
    u32 n = 0;
    const Waiter *w = &start;
    while (w && n < 64) {
      chain[n++] = w;
      SyncVar *s = GetSyncVar(w->lock, false);
      if (!s) break;
      u32 owner;
      bool exited;
      u64 owner_stack;
      u64 id;
      LockType type;
      {
        SpinLockGuard guard(s->mu);
        owner = s->owner_tid;
        exited = s->owner_exited;
        owner_stack = s->acquired_stack;
        id = s->id;
        type = s->type;
      }
      // The model may be stale (a lock initialized without a call where an abandoned,
      // still-locked one lived): a lock the C library says is free is no wait for ever.
      // (The waiter is blocked on this memory, so it is mapped.)
      if (ReadRealLockState(w->lock, type) == RealLockState::kUnlocked) break;
      if (owner == ~0u) {
        // Free now, or held on the shared side only: then follow a blocked reader (a
        // writer waits for every reader, so one reader that never releases is enough).
        const Waiter *reader = FindBlockedHolder(*g_current, w->lock, id);
        if (!reader) break;
        owner = reader->tid;
        exited = false;
      }
      if (exited || ThreadHasFinished(owner)) {
        if (n == 1) {
          ReportOwnerExited(*w, s, owner, owner_stack);
          g_reported_real_deadlock = true;
        }
        break;
      }
      const Waiter *next = FindWaiter(*g_current, owner);
      if (!next || now - next->since < timeout || !Stable(*next)) break;
      if (next == &start) {
        // Report each cycle once, from its member with the lowest thread number.
        u32 lowest = start.tid;
        for (u32 k = 0; k < n; ++k) lowest = chain[k]->tid < lowest ? chain[k]->tid : lowest;
        if (lowest == start.tid) {
          ReportWaitCycle(chain, n);
          g_reported_real_deadlock = true;
        }
        break;
      }
      bool seen = false;
      for (u32 k = 0; k < n; ++k) seen |= chain[k] == next;
      if (seen) break;  // a cycle not through `start`: reported from its own members
      w = next;
    }
  }
}

// ---------------------------------------------------------------- stalls
// Every live program thread blocked in an untimed wait of the interceptors, each wait
// unchanged for deadlock_timeout_ms and seen on two scans, and none that something outside
// these threads could end (another process, a signal handler's timer, a thread still
// starting, a joined thread that already finished): nothing can ever run again. Lock
// cycles among them are reported first (Scan); what is left is a stall: lost wake-ups,
// join cycles, semaphores nobody posts, barriers too few threads reach.

struct StallEntry {
  u32 tid;
  int os_tid;
  u64 state;  // ThreadState::wait_state
  uptr object, aux;
  u64 since;
};

struct StallSet {
  u32 count = 0;
  bool complete = false;  // every live program thread is in it, blocked
  StallEntry e[kMaxWatched];
};

StallSet *g_stall_previous;
StallSet *g_stall_current;
bool g_reported_stall = false;

WaitKind KindOf(u64 state) { return WaitKind(state & 0xff); }

// An int of a C library object (another thread may be changing it).
int LoadInt(uptr addr, uptr offset) {
  return __atomic_load_n(reinterpret_cast<const int *>(addr + offset), __ATOMIC_RELAXED);
}

// Snapshot of every live thread's wait; false unless all are blocked (and there is one).
bool CollectStallSet(StallSet *set) {
  set->count = 0;
  set->complete = true;
  ForEachLiveThread([](ThreadState *ts, void *arg) {
    StallSet *set = static_cast<StallSet *>(arg);
    if (!set->complete) return;
    u64 state = ts->wait_state.load(std::memory_order_acquire);
    if (KindOf(state) == WaitKind::kNone || set->count >= kMaxWatched) {
      set->complete = false;  // running, sleeping, or in a call the runtime does not watch
      return;
    }
    StallEntry &e = set->e[set->count];
    e.tid = ts->tid;
    e.os_tid = ts->os_tid;
    e.state = state;
    e.object = ts->wait_object.load(std::memory_order_relaxed);
    e.aux = ts->wait_aux.load(std::memory_order_relaxed);
    e.since = ts->waiting_since_ns.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (ts->wait_state.load(std::memory_order_relaxed) != state) {
      set->complete = false;
      return;
    }
    ++set->count;
  }, set);
  // A thread created but not yet running its function is not blocked.
  if (set->complete && CountStartingThreads()) set->complete = false;
  return set->complete && set->count;
}

const StallEntry *FindStallEntry(const StallSet &set, u32 tid) {
  for (u32 i = 0; i < set.count; ++i)
    if (set.e[i].tid == tid) return &set.e[i];
  return nullptr;
}

// The same threads in the same waits (a wait's state includes its sequence number).
bool SameStall(const StallSet &a, const StallSet &b) {
  if (!a.complete || !b.complete || a.count != b.count) return false;
  for (u32 i = 0; i < a.count; ++i) {
    const StallEntry *other = FindStallEntry(b, a.e[i].tid);
    if (!other || other->state != a.e[i].state) return false;
  }
  return true;
}

// Whether something other than the program's blocked threads could still end this wait.
// The C library objects are read as glibc (x86-64, >= 2.34) lays them out; the waiting thread
// is blocked on that memory, so it is mapped.
bool MayEndFromOutside(const StallEntry &e) {
  switch (KindOf(e.state)) {
    case WaitKind::kLock: {
      SyncVar *s = GetSyncVar(e.object, false);
      if (!s) return true;
      LockType type;
      u32 owner;
      {
        SpinLockGuard guard(s->mu);
        type = s->type;
        owner = s->owner_tid;
      }
      auto *m = reinterpret_cast<pthread_mutex_t *>(e.object);
      auto *l = reinterpret_cast<pthread_rwlock_t *>(e.object);
      switch (type) {
        case LockType::kMutex:
        case LockType::kRecursive:
        case LockType::kErrorCheck:
          if (LoadInt(uptr(&m->__data.__kind), 0) & 128) return true;  // process-shared
          break;
        case LockType::kRwLock:
          if (LoadInt(uptr(&l->__data.__shared), 0) & 0xff) return true;  // process-shared
          break;
        case LockType::kSpin:
        case LockType::kOmp: break;
        case LockType::kNone: return true;
      }
      if (ReadRealLockState(e.object, type) == RealLockState::kUnlocked) return true;
      // Held by a thread of this process (which is blocked too), or by readers (rwlock):
      // otherwise another process may hold it.
      if (owner != ~0u) return ThreadHasFinished(owner);  // a dead owner: owner-exited
      return type != LockType::kRwLock;
    }
    case WaitKind::kCond:
      // __wrefs bit 0: process-shared.
      return LoadInt(uptr(&reinterpret_cast<pthread_cond_t *>(e.object)->__data.__wrefs), 0) & 1;
    case WaitKind::kSem:
      // struct new_sem {u64 data; int private; int pad;}: `private` is 0 for a semaphore
      // of this process only, FUTEX_SHARED (128) for a process-shared or named one. The
      // low 32 bits of `data` are the count: a positive count was posted (by a signal
      // handler that ran after the last scan, say) and the waiter is about to take it.
      return LoadInt(e.object, 8) != 0 || LoadInt(e.object, 0) != 0;
    case WaitKind::kBarrier:
      // struct pthread_barrier {unsigned in, current_round, count; int shared; ...}.
      return LoadInt(e.object, 12) != 0;
    case WaitKind::kJoin: {
      u32 tid = TidOfPthread(pthread_t(e.object));
      return tid == ~0u || ThreadHasFinished(tid);  // unknown, or about to be joined
    }
    case WaitKind::kNone: break;
  }
  return true;
}

// Whether the kernel has the thread runnable (state R in /proc): woken, by a signal whose
// handler will run or a futex wake, but not scheduled yet. A loaded machine can stretch that
// past the timeout (stalls/clean_alarm_signal.c: the alarm fired, main was woken to run the
// handler that posts its semaphore, and a scan still saw it waiting). A thread blocked for
// ever sleeps (S). Raw system calls: the watcher is no program thread for interceptors.
bool KernelSaysRunnable(int os_tid) {
  if (os_tid <= 0) return false;
  char path[64];
  snprintf(path, sizeof(path), "/proc/self/task/%d/stat", os_tid);
  int fd = int(syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC));
  if (fd < 0) return false;
  char buf[512];
  long n = syscall(SYS_read, fd, buf, sizeof(buf) - 1);
  syscall(SYS_close, fd);
  if (n <= 0) return false;
  buf[n] = 0;
  const char *p = strrchr(buf, ')');  // the name may hold spaces and parentheses
  return p && p[1] == ' ' && p[2] == 'R';
}

// A real-time interval timer (alarm, setitimer) will deliver a signal whose handler may
// post a semaphore or signal a condition variable (POSIX timers cannot be seen).
bool AlarmPending() {
  itimerval t;
  return getitimer(ITIMER_REAL, &t) == 0 && (t.it_value.tv_sec || t.it_value.tv_usec);
}

const char *WaitPhrase(WaitKind kind) {
  switch (kind) {
    case WaitKind::kLock: return "waits for a lock";
    case WaitKind::kCond: return "waits on a condition variable";
    case WaitKind::kJoin: return "joins a thread";
    case WaitKind::kSem: return "waits on a semaphore";
    case WaitKind::kBarrier: return "waits at a barrier";
    case WaitKind::kNone: break;
  }
  return "?";
}

struct StallDetail {
  bool captured;
  StackTrace stack;
  u32 num_held;
  ThreadHeldLock held[kMaxHeldShown];
};

struct StallCapture {
  const StallSet *set;
  StallDetail *detail;
  bool changed;
};

void ReportStall(StallSet &set) {
  // Main thread first, then in creation order.
  for (u32 i = 1; i < set.count; ++i)
    for (u32 k = i; k > 0 && set.e[k - 1].tid > set.e[k].tid; --k) {
      StallEntry t = set.e[k];
      set.e[k] = set.e[k - 1];
      set.e[k - 1] = t;
    }
  StallDetail *detail = static_cast<StallDetail *>(InternalAlloc(set.count * sizeof(StallDetail)));
  for (u32 i = 0; i < set.count; ++i) detail[i].captured = false;
  StallCapture capture{&set, detail, false};
  // The threads are blocked, so their shadow stacks and held lists are stable; re-check
  // each wait afterwards and give up if one ended meanwhile.
  ForEachLiveThread([](ThreadState *ts, void *arg) {
    StallCapture *c = static_cast<StallCapture *>(arg);
    const StallEntry *e = FindStallEntry(*c->set, ts->tid);
    if (!e || ts->wait_state.load(std::memory_order_acquire) != e->state) {
      c->changed = true;
      return;
    }
    StallDetail &d = c->detail[e - c->set->e];
    CaptureStack(ts, nullptr, &d.stack);
    d.num_held = 0;
    for (u32 i = 0; i < ts->num_held && d.num_held < kMaxHeldShown; ++i)
      d.held[d.num_held++] = ts->held[i];
    if (ts->wait_state.load(std::memory_order_acquire) != e->state) c->changed = true;
    d.captured = true;
  }, &capture);
  for (u32 i = 0; i < set.count; ++i) capture.changed |= !detail[i].captured;
  if (capture.changed) {
    InternalFree(detail);
    return;
  }

  Report *r = NewReport();
  r->kind = "deadlock";
  r->subkind = "stall";
  size_t len;
  if (set.count == 1) {
    char name[32];
    FormatThreadName(set.e[0].tid, name, sizeof(name));
    len = size_t(snprintf(r->message, sizeof(r->message),
                          "%s, the only thread, is blocked forever: it %s", name,
                          WaitPhrase(KindOf(set.e[0].state))));
  } else {
    len = size_t(snprintf(r->message, sizeof(r->message),
                          "all %u threads are blocked forever, none can wake another:",
                          set.count));
    for (u32 i = 0; i < set.count && len < sizeof(r->message); ++i) {
      char name[32];
      FormatThreadName(set.e[i].tid, name, sizeof(name));
      len += size_t(snprintf(r->message + len, sizeof(r->message) - len, "%s %s %s",
                             i ? "," : "", name, WaitPhrase(KindOf(set.e[i].state))));
    }
  }
  (void)len;
  for (u32 i = 0; i < set.count; ++i) {
    const StallEntry &w = set.e[i];
    char name[32];
    FormatThreadName(w.tid, name, sizeof(name));
    unsigned long object = static_cast<unsigned long>(w.object);
    ReportEvent *e = nullptr;
    switch (KindOf(w.state)) {
      case WaitKind::kLock: {
        e = r->AddEvent("lock-wanted", w.tid);
        if (!e) break;
        SyncVar *s = GetSyncVar(w.object, false);
        u32 owner = ~0u;
        const char *type = "lock";
        if (s) {
          FillLock(&e->lock, s);
          SpinLockGuard guard(s->mu);
          owner = s->owner_tid;
          type = LockTypeName(s->type);
        }
        char owner_name[32];
        if (owner != ~0u) FormatThreadName(owner, owner_name, sizeof(owner_name));
        snprintf(e->description, sizeof(e->description), "%s waits for %s 0x%lx%s%s", name,
                 type, object, owner != ~0u ? " held by " : " held by readers",
                 owner != ~0u ? owner_name : "");
        e->wait.present = true;
        e->wait.object = w.object;
        e->wait.has_thread = owner != ~0u;
        e->wait.thread = owner != ~0u ? owner : 0;
        break;
      }
      case WaitKind::kCond:
        e = r->AddEvent("cond-wait", w.tid);
        if (!e) break;
        snprintf(e->description, sizeof(e->description),
                 "%s waits on condition variable 0x%lx (with mutex 0x%lx)", name, object,
                 static_cast<unsigned long>(w.aux));
        e->wait.present = true;
        e->wait.object = w.object;
        e->wait.mutex = w.aux;
        break;
      case WaitKind::kJoin: {
        e = r->AddEvent("join", w.tid);
        u32 target = TidOfPthread(pthread_t(w.object));
        char target_name[32];
        FormatThreadName(target, target_name, sizeof(target_name));
        if (!e) break;
        snprintf(e->description, sizeof(e->description), "%s joins %s", name, target_name);
        e->wait.present = true;
        e->wait.has_thread = target != ~0u;
        e->wait.thread = target != ~0u ? target : 0;
        break;
      }
      case WaitKind::kSem:
        e = r->AddEvent("sem-wait", w.tid);
        if (!e) break;
        snprintf(e->description, sizeof(e->description), "%s waits on semaphore 0x%lx", name,
                 object);
        e->wait.present = true;
        e->wait.object = w.object;
        break;
      case WaitKind::kBarrier:
        e = r->AddEvent("barrier-wait", w.tid);
        if (!e) break;
        snprintf(e->description, sizeof(e->description),
                 "%s waits at barrier 0x%lx (for %u threads)", name, object,
                 unsigned(LoadInt(w.object, 8)));
        e->wait.present = true;
        e->wait.object = w.object;
        e->wait.count = unsigned(LoadInt(w.object, 8));
        break;
      case WaitKind::kNone: break;
    }
    if (!e) break;
    e->stack = detail[i].stack;
    for (u32 k = 0; k < detail[i].num_held; ++k) {
      ReportEvent *h = r->AddEvent("lock-held", w.tid);
      if (!h) break;
      SyncVar *s = GetSyncVar(detail[i].held[k].addr, false);
      if (s) FillLock(&h->lock, s);
      StackDepotGet(detail[i].held[k].acquire_stack, &h->stack);
      snprintf(h->description, sizeof(h->description), "%s holds %s 0x%lx, acquired", name,
               s ? LockTypeName(s->type) : "lock",
               static_cast<unsigned long>(detail[i].held[k].addr));
    }
  }
  InternalFree(detail);
  AddThreadInfo(r);
  OutputReport(r);
  g_reported_stall = true;
}

void StallScan() {
  StallSet *tmp = g_stall_previous;
  g_stall_previous = g_stall_current;
  g_stall_current = tmp;
  if (!CollectStallSet(g_stall_current)) return;
  StallSet &set = *g_stall_current;
  if (!SameStall(set, *g_stall_previous)) return;
  u64 now = NowNs();
  u64 timeout = u64(Flags().deadlock_timeout_ms) * 1000000ull;
  for (u32 i = 0; i < set.count; ++i)
    if (now - set.e[i].since < timeout) return;
  for (u32 i = 0; i < set.count; ++i)
    if (MayEndFromOutside(set.e[i])) return;
  if (AlarmPending()) return;
  for (u32 i = 0; i < set.count; ++i)
    if (KernelSaysRunnable(set.e[i].os_tid)) return;
  ReportStall(set);
}

// Watcher lifecycle. The watcher is a thread of the C library's, which counts it among the
// threads that keep the process alive: when main has called pthread_exit, glibc ends the
// process (exit(0)) only when the last thread ends. So the watcher stops when the program's
// last thread finishes (StopDeadlockWatcher, which joins it so that the program thread is
// the last and runs exit itself, as natively), and starts again if a thread is created
// after that.
u32 g_watcher_wake = 0;  // futex word: changed to wake the watcher before its period ends
bool g_watcher_stop = false;
std::atomic<bool> g_watcher_running{false};
pthread_t g_watcher;

typedef int (*CreateFn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
typedef int (*JoinFn)(pthread_t, void **);
CreateFn g_real_create;
JoinFn g_real_join;

// Sleeps one period, or less when woken; returns false when the watcher must stop.
bool WatcherSleep(u64 period_ms) {
  u32 seen = __atomic_load_n(&g_watcher_wake, __ATOMIC_ACQUIRE);
  if (__atomic_load_n(&g_watcher_stop, __ATOMIC_ACQUIRE)) return false;
  timespec t{time_t(period_ms / 1000), long((period_ms % 1000) * 1000000)};
  syscall(SYS_futex, &g_watcher_wake, FUTEX_WAIT_PRIVATE, seen, &t, nullptr, 0);
  return !__atomic_load_n(&g_watcher_stop, __ATOMIC_ACQUIRE);
}

void *WatcherMain(void *) {
  tls_runtime_internal = 1;  // not a program thread: libc interceptors pass through
  // (The sets were allocated by StartDeadlockWatcher; a scan the parent's watcher had
  // under way when the process forked is forgotten.)
  g_previous->count = g_current->count = 0;
  g_stall_previous->complete = g_stall_current->complete = false;
  g_reported_real_deadlock = g_reported_stall = false;
  u64 period_ms = u64(Flags().deadlock_timeout_ms) / 2;
  if (period_ms < 10) period_ms = 10;
  u64 resets_seen = ClockResetCount();
  for (;;) {
    if (!WatcherSleep(period_ms)) return nullptr;
    // A shadow reset (clock_reset.h) holds threads in the runtime while it runs, some of
    // them inside a lock or wait interceptor, where they look blocked: no scan counts
    // while one runs or since the last scan (the waits must be seen again on two quiet
    // scans). A program that is really blocked releases nothing, so it resets no more.
    u64 resets = ClockResetCount();
    if (resets != resets_seen || g_reset_state.load(std::memory_order_acquire) != kResetIdle) {
      resets_seen = resets;
      g_previous->count = g_current->count = 0;
      g_stall_previous->complete = g_stall_current->complete = false;
      continue;
    }
    Scan();
    if (!g_reported_real_deadlock) StallScan();
    if (g_reported_real_deadlock || g_reported_stall) {
      if (!Flags().on_deadlock_continue) EndAfterDeadlock();
      bool stall = g_reported_stall;
      g_reported_real_deadlock = g_reported_stall = false;
      // Keep watching, but do not report the same waits again: they stay stable.
      for (;;) {
        if (!WatcherSleep(period_ms)) return nullptr;
        if (stall) {
          // Until some thread runs again (a signal handler, another process...).
          StallSet *tmp = g_stall_previous;
          g_stall_previous = g_stall_current;
          g_stall_current = tmp;
          CollectStallSet(g_stall_current);
          if (SameStall(*g_stall_current, *g_stall_previous)) {
            // Keep the reported set as the reference.
            g_stall_current = g_stall_previous;
            g_stall_previous = tmp;
            continue;
          }
          break;
        }
        bool any = false;
        ForEachLiveThread([](ThreadState *ts, void *flag) {
          if (ts->waiting_for_lock.load(std::memory_order_relaxed))
            *static_cast<bool *>(flag) = true;
        }, &any);
        if (!any) break;
      }
    }
  }
  return nullptr;
}

}  // namespace

void StartDeadlockWatcher() {
  if (g_watcher_running.exchange(true, std::memory_order_acq_rel)) return;
  // Created with the C library's pthread_create: the watcher is not a program thread.
  if (!g_real_create) g_real_create = reinterpret_cast<CreateFn>(ResolveReal("pthread_create"));
  if (!g_real_join) g_real_join = reinterpret_cast<JoinFn>(ResolveReal("pthread_join"));
  __atomic_store_n(&g_watcher_stop, false, __ATOMIC_RELEASE);
  // Allocated here, not by the watcher: a fork while a new watcher was still setting up
  // would leave the child with half of them.
  if (!g_previous) g_previous = InternalNew<WaiterSet>();
  if (!g_current) g_current = InternalNew<WaiterSet>();
  if (!g_stall_previous) g_stall_previous = InternalNew<StallSet>();
  if (!g_stall_current) g_stall_current = InternalNew<StallSet>();
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 1 << 20);
  // The watcher starts with every signal blocked (it inherits the creator's mask): a
  // process-directed signal must go to a program thread. A program's handler run on the
  // watcher made it look like a program thread (created without order, so the handler's
  // accesses raced with main's: sync/signal_handler_sem_post.c), and one still running at
  // exit (waited for: atexit_wait_ms).
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  if (!g_real_create || g_real_create(&g_watcher, &attr, WatcherMain, nullptr) != 0)
    g_watcher_running.store(false, std::memory_order_release);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  pthread_attr_destroy(&attr);
}

void EnsureDeadlockWatcher() {
  if (Flags().detect_deadlocks && !g_watcher_running.load(std::memory_order_acquire))
    StartDeadlockWatcher();
}

void StopDeadlockWatcher() {
  if (!g_watcher_running.exchange(false, std::memory_order_acq_rel)) return;
  __atomic_store_n(&g_watcher_stop, true, __ATOMIC_RELEASE);
  __atomic_add_fetch(&g_watcher_wake, 1, __ATOMIC_RELEASE);
  syscall(SYS_futex, &g_watcher_wake, FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
  if (g_real_join) g_real_join(g_watcher, nullptr);
}

void LockReportsAfterForkChild() {
  g_node_mu.ResetAfterFork();
  g_lock_graph.ResetLockAfterFork();
  g_watcher_running.store(false, std::memory_order_relaxed);
  g_watcher_stop = false;
  g_watcher_wake = 0;
}

}  // namespace rl
