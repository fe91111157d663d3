// OpenMP through OMPT: the runtime registers as an OMPT tool (ompt_start_tool, exported by
// the executable, where LLVM's libomp looks for it first) and turns libomp's events into
// happens-before. libomp itself is not instrumented: its barriers, task queues and locks
// synchronize through memory Racelight never sees, so without this every OpenMP program
// would get false reports (workers reused across parallel regions) or hide nothing at all.
//
// The model (docs/design.md, "OpenMP"):
// - a parallel region is a Team: the encountering task releases into its fork clock, which
//   every implicit task acquires when it begins; barriers are two alternating clocks per
//   team (a thread may enter barrier k+1 before a slower one has left barrier k, but not
//   barrier k+2): entering releases, leaving acquires; the parallel region's end acquires
//   both;
// - explicit tasks are the unit of concurrency: each task runs in a context of its own, a
//   clock slot of its own (AllocTaskSlot) and a vector clock that starts from the clock of
//   its creation (plus its dependences), so two tasks that may run in parallel race even
//   when one thread ran both. A thread that switches tasks saves the context of the one it
//   leaves and loads the next one's;
// - a task's completion releases into its parent's child clock (taskwait), its taskgroup's
//   clock, the barrier clock of its team and its dependences' clocks;
// - dependences: per parent task and address, an `out` clock (completions of out, inout
//   and mutexinoutset tasks) and an `in` clock (completions of in tasks): an in task
//   acquires the first, the others both;
// - omp_*_lock, critical, ordered, and lock-based atomics are locks on their wait id;
//   plain locks and critical sections also go through the lock model (lock-order graph,
//   self-deadlock, the deadlock watcher);
// - accesses inside a barrier are not checked: libomp runs the tree reduction's combiner
//   (user code) there, on other threads' private copies. Tasks run inside a barrier are;
// - doacross loops: per team, loop and iteration vector a clock: depend(source) releases
//   into it, depend(sink) acquires it (libomp reports the sink after its wait);
// - detached tasks complete when their body has ended and their event is fulfilled: both
//   the body's end and the fulfilling thread release into the completion's clocks, and
//   whichever comes last releases the task's slot;
// - host teams: a league is a Team whose initial tasks acquire the fork clock like implicit
//   tasks of a parallel region; `target` regions without an offload device are plain code;
// - every implicit or explicit task start records its construct for reports (omp_context.h).
//
// Thread-safety: callbacks run on the thread the event concerns. Team, Task and TaskGroup
// are reference counted (tasks may outlive their parent, workers report the end of their
// implicit task after the region ended); shared clocks are guarded by their spin mutex.
#ifdef RACELIGHT_OMP_TOOLS_H
#include RACELIGHT_OMP_TOOLS_H

#include <atomic>

#include <sched.h>

#include "access.h"
#include "clock_reset.h"
#include "diagnostics.h"
#include "internal_alloc.h"
#include "interceptors.h"
#include "lock_model.h"
#include "omp_context.h"
#include "shadow_map.h"
#include "shadow_encoding.h"
#include "site_table.h"
#include "spin_mutex.h"
#include "sync.h"
#include "thread_state.h"

namespace rl {
namespace {

// A clock threads release into and acquire from.
struct OmpClock {
  SpinMutex mu;
  VectorClock vc;
  void Release(ThreadState *ts) {
    SpinLockGuard guard(mu);
    vc.Join(ts->clock);
  }
  void Acquire(ThreadState *ts) {
    SpinLockGuard guard(mu);
    ts->clock.Join(vc);
  }
};

// Doacross loops of a team: a clock per (loop, iteration vector), keyed by a 64-bit hash
// (a collision could only add an ordering, hiding a race, never invent one). Kept until the
// team ends.
struct DoacrossEntry {
  u64 key;
  OmpClock clock;
  DoacrossEntry *next;
};

struct Team {
  std::atomic<int> refs{1};
  std::atomic<u32> size{1};  // threads in the team
  bool is_league = false;    // a teams construct: its members are teams
  u32 site_id = 0;           // the construct's call into libomp (reports)
  // A team libomp makes for a team of a league (the one thread that runs a teams region's
  // code): its accesses are the teams region's, with that team's record.
  bool runtime_made = false;
  OmpContextRecord made_for;
  OmpClock fork;
  OmpClock barrier[2];
  SpinMutex doacross_mu;
  static constexpr u32 kDoacrossBuckets = 256;
  DoacrossEntry *doacross[kDoacrossBuckets] = {};
};

void TeamRef(Team *t) {
  if (t) t->refs.fetch_add(1, std::memory_order_relaxed);
}
void TeamUnref(Team *t) {
  if (t && t->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    for (DoacrossEntry *&head : t->doacross) {
      for (DoacrossEntry *e = head; e;) {
        DoacrossEntry *next = e->next;
        InternalDelete(e);
        e = next;
      }
    }
    InternalDelete(t);
  }
}

OmpClock *DoacrossClock(Team *team, u64 key) {
  SpinLockGuard guard(team->doacross_mu);
  DoacrossEntry *&head = team->doacross[(key ^ (key >> 29)) % Team::kDoacrossBuckets];
  for (DoacrossEntry *e = head; e; e = e->next)
    if (e->key == key) return &e->clock;
  DoacrossEntry *e = InternalNew<DoacrossEntry>();
  e->key = key;
  e->next = head;
  head = e;
  return &e->clock;
}

struct TaskGroup {
  std::atomic<int> refs{1};
  OmpClock done;
  TaskGroup *outer = nullptr;  // the enclosing taskgroup of the same task (a reference)
};

void GroupRef(TaskGroup *g) {
  if (g) g->refs.fetch_add(1, std::memory_order_relaxed);
}
void GroupUnref(TaskGroup *g) {
  while (g && g->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    TaskGroup *outer = g->outer;
    InternalDelete(g);
    g = outer;
  }
}

// The dependence clocks of one address among the children of one task.
struct DepObject {
  uptr addr;
  OmpClock out;  // completions of out / inout / mutexinoutset tasks
  OmpClock in;   // completions of in tasks
  DepObject *next;
};

struct TaskDep {
  uptr addr;
  int type;  // ompt_dependence_type_t
};

struct Task {
  std::atomic<int> refs{1};
  bool is_explicit = false;
  bool is_taskwait = false;  // the stand-in libomp creates for `taskwait depend(...)`
  bool is_final = false;  // its descendants are included tasks (undeferred)
  // Its creator waits for its completion (if(0), included tasks of final ones). libomp
  // also marks undeferred every task of a team of one thread, which it runs at once; those
  // are deferred tasks for the program's semantics (another run may defer them): only
  // tasks of larger teams count.
  bool undeferred = false;
  bool started = false;
  bool in_barrier = false;
  u8 barrier_index = 0;
  u32 slot = 0;
  u32 loops_begun = 0;       // implicit tasks: worksharing loops begun (doacross keys)
  u32 start_depth = 0;       // explicit tasks: the thread's shadow stack depth at the start
  OmpContextRecord record;   // what reports say about its accesses
  // Detached tasks: the fulfilling thread's clock if fulfilled before the body ended, and
  // how many of the two completion halves (body ended, event fulfilled) are done.
  OmpClock fulfill;
  std::atomic<u32> detach_halves{0};
  VectorClock ctx;           // the saved context while the task is not running
  VectorClock create_clock;  // explicit tasks: the creator's clock at the creation
  Task *parent = nullptr;    // a reference (explicit tasks)
  Team *team = nullptr;      // a reference
  TaskGroup *group = nullptr;          // the taskgroup the task belongs to (a reference)
  TaskGroup *current_group = nullptr;  // innermost taskgroup the task opened (a reference)
  Task *outer_implicit = nullptr;      // implicit tasks: the thread's previous current task
  OmpClock children_done;              // completions of its child tasks
  SpinMutex deps_mu;
  DepObject *dep_objects = nullptr;    // dependences among its children
  TaskDep *deps = nullptr;             // its own dependences
  u32 num_deps = 0;
  // Task reductions: the thread-private copies (__kmpc_task_reduction_get_th_data) the task
  // used, released when it leaves the thread (see UseReductionCopy).
  uptr *red_copies = nullptr;
  u32 num_red_copies = 0;
  u32 red_copies_capacity = 0;
};

void TaskUnref(Task *t) {
  while (t && t->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    Task *parent = t->parent;
    for (DepObject *d = t->dep_objects; d;) {
      DepObject *next = d->next;
      InternalDelete(d);
      d = next;
    }
    if (t->deps) InternalFree(t->deps);
    if (t->red_copies) InternalFree(t->red_copies);
    GroupUnref(t->group);
    GroupUnref(t->current_group);
    TeamUnref(t->team);
    InternalDelete(t);
    t = parent;
  }
}

DepObject *FindDep(Task *parent, uptr addr) {
  SpinLockGuard guard(parent->deps_mu);
  for (DepObject *d = parent->dep_objects; d; d = d->next)
    if (d->addr == addr) return d;
  DepObject *d = InternalNew<DepObject>();
  d->addr = addr;
  d->next = parent->dep_objects;
  parent->dep_objects = d;
  return d;
}

ompt_get_task_memory_t g_get_task_memory;

// The league of the teams region being started: libomp gives parallel_begin a temporary
// parallel data for a league and the teams' initial tasks another one (the same for all of
// them), so the teams' initial tasks find their league here. Host teams regions are not
// nested (a teams region is outermost or in a target region).
std::atomic<Team *> g_pending_league{nullptr};

// Memory that changes owner when tasks come and go, given fresh shadow (like malloc's):
// - the stack below the innermost instrumented frame, at a task's start and end: a task's
//   frames reuse the addresses of the frames of tasks the thread ran before, which are not
//   ordered with it (kTaskStackReset bytes below the callback: deeper task frames may keep
//   old history);
// - at a task's end, its block in libomp's allocator (firstprivate copies, shared
//   pointers), which libomp reuses for later tasks without going through malloc.
constexpr uptr kTaskStackReset = 32 << 10;
constexpr uptr kTaskStackAbove = 8 << 10;

void ResetTaskStack(ThreadState *ts) {
  uptr sp = uptr(__builtin_frame_address(0));
  // Up to the innermost instrumented frame: everything below it is frames of libomp and of
  // this runtime, or dead. With none (a worker in the region's last barrier, its implicit
  // task returned), the task's frames start just below libomp's __kmp_invoke_task, a few
  // frames above this one: kTaskStackAbove covers them.
  uptr top = ts->depth && ts->depth <= kMaxShadowFrames ? ts->frames[ts->depth - 1].frame_address
                                                        : sp + kTaskStackAbove;
  if (top < sp || top - sp > (uptr(1) << 20)) top = sp + kTaskStackAbove;
  if (ts->stack_end && top > ts->stack_end) top = ts->stack_end;
  uptr bottom = sp - kTaskStackReset;
  if (ts->stack_begin && bottom < ts->stack_begin) bottom = ts->stack_begin;
  if (top > bottom) ResetShadowRange(bottom, top - bottom);
}

void ResetTaskMemory() {
  if (!g_get_task_memory) return;
  void *addr = nullptr;
  size_t size = 0;
  g_get_task_memory(&addr, &size, 0);
  // The block starts after kmp_task_t's shareds, routine and part_id (24 bytes), which the
  // compiled code reads too.
  if (addr && size && size < (size_t(1) << 30)) ResetShadowRange(uptr(addr) - 24, size + 24);
}

// Per thread: the task it runs, and whether OMPT made it ignore accesses (in a barrier).
RL_TLS Task *tl_current;
RL_TLS bool tl_ignoring;
// Per thread: inside a taskloop construct (its tasks are created there), and inside a call
// of __kmpc_omp_task_begin_if0 (the task created is an if(0) one).
RL_TLS u32 tl_taskloop_depth;
RL_TLS bool tl_in_if0;

// A thread-private copy of a task reduction item (libomp makes one per thread of the team
// and hands it to every task the thread runs): tasks on one thread update it one after the
// other, never at once, but Racelight's tasks are unordered, so using a copy acquires its
// clock and leaving the thread (switch or completion) releases into it. The combiner, at the
// end of the taskgroup, reads every thread's copy after the group's completions (see
// OnSyncRegionWait).
void UseReductionCopy(ThreadState *ts, Task *t, uptr copy) {
  AcquireAddr(ts, copy);
  for (u32 i = 0; i < t->num_red_copies; ++i)
    if (t->red_copies[i] == copy) return;
  if (t->num_red_copies == t->red_copies_capacity) {
    u32 capacity = t->red_copies_capacity ? t->red_copies_capacity * 2 : 4;
    uptr *copies = static_cast<uptr *>(InternalAlloc(capacity * sizeof(uptr)));
    for (u32 i = 0; i < t->num_red_copies; ++i) copies[i] = t->red_copies[i];
    if (t->red_copies) InternalFree(t->red_copies);
    t->red_copies = copies;
    t->red_copies_capacity = capacity;
  }
  t->red_copies[t->num_red_copies++] = copy;
}

void ReleaseReductionCopies(ThreadState *ts, Task *t) {
  for (u32 i = 0; i < t->num_red_copies; ++i) ReleaseAddr(ts, t->red_copies[i]);
}

// A new record for the slot the thread runs on: ticks first, so the accesses made under the
// new record have epochs of their own.
void EnterRecord(ThreadState *ts, const OmpContextRecord &record) {
  Tick(ts);
  RecordOmpContext(ts->slot, ts->clock.Get(ts->slot), record);
}

void SetIgnoring(ThreadState *ts, bool on) {
  if (on == tl_ignoring) return;
  tl_ignoring = on;
  if (on) ++ts->ignore;
  else --ts->ignore;
}

Task *TaskOf(ompt_data_t *data) { return data ? static_cast<Task *>(data->ptr) : nullptr; }

// Task switches move clocks instead of copying them: a task's saved context is dead once
// loaded (it is saved again when the thread leaves the task), and the thread's clock is
// dead once saved (the next task's is loaded at once) or once its task completed.
void LoadContext(ThreadState *ts, Task *t) {
  ts->slot = t->slot;
  ts->clock.Swap(t->ctx);
  ts->epoch_bits = shadow::EpochBits(t->slot, ts->clock.Get(t->slot));
}

// `moving`: a LoadContext follows at once, so the thread's clock may be moved.
void SaveContext(ThreadState *ts, Task *t, bool moving) {
  if (!t) return;
  ReleaseReductionCopies(ts, t);
  t->slot = ts->slot;
  if (moving) t->ctx.Swap(ts->clock);
  else t->ctx.CopyFrom(ts->clock);
}

// What a task with these dependences waits for: the completions of its earlier siblings
// with conflicting dependences.
void AcquireDependences(ThreadState *ts, Task *t) {
  for (u32 i = 0; i < t->num_deps; ++i) {
    DepObject *d = FindDep(t->parent, t->deps[i].addr);
    d->out.Acquire(ts);
    if (t->deps[i].type != ompt_dependence_type_in) d->in.Acquire(ts);
  }
}

// The first time an explicit task runs: its clock is its creation's, plus its dependences.
void StartTask(ThreadState *ts, Task *t) {
  t->started = true;
  ts->clock.Swap(t->create_clock);  // not needed after the start
  AcquireDependences(ts, t);
  ResetTaskStack(ts);
  u64 start;
  u32 slot = AllocTaskSlot(ts->clock, ts->tid, &start);
  // A reused slot whose clock ran out (clock_reset.h): the task starts exhausted, and the
  // thread resets at its next check.
  const bool exhausted = start > ClockLimit();
  if (exhausted) start = ClockLimit();
  ts->clock.Set(slot, start);
  ts->slot = slot;
  ts->epoch_bits = shadow::EpochBits(slot, start);
  if (exhausted) NoteClockExhausted(ts);
  t->slot = slot;
  t->start_depth = ts->depth;
  // The thread that runs it, in its team (the implicit task it came from).
  if (Task *imp = t->outer_implicit) {
    t->record.has_thread_num = imp->record.has_thread_num;
    t->record.thread_num = imp->record.thread_num;
    t->record.team_size = imp->record.team_size;
  }
  RecordOmpContext(slot, start, t->record);
}

// Releases the thread's clock into everything that waits for the task's completion.
// `imp`: the implicit task the thread runs it for (null: not a thread of its team).
void ReleaseCompletion(ThreadState *ts, Task *t, Task *imp) {
  if (t->parent) t->parent->children_done.Release(ts);
  if (t->group) t->group->done.Release(ts);
  if (t->team) {
    // The team's next barrier (the one the thread is in, if it runs the task from a
    // barrier) waits for this task. Threads of another team (a task of an enclosing region
    // run in a nested one), or a thread fulfilling a detached task's event: both clocks.
    if (imp && imp->team == t->team) {
      t->team->barrier[imp->barrier_index].Release(ts);
    } else {
      t->team->barrier[0].Release(ts);
      t->team->barrier[1].Release(ts);
    }
  }
  for (u32 i = 0; i < t->num_deps; ++i) {
    DepObject *d = FindDep(t->parent, t->deps[i].addr);
    if (t->deps[i].type == ompt_dependence_type_in) d->in.Release(ts);
    else d->out.Release(ts);
  }
}

// The task's body ended on this thread (and, if detached, its event was fulfilled before).
void CompleteTask(ThreadState *ts, Task *t) {
  t->fulfill.Acquire(ts);  // an early fulfillment (empty otherwise)
  ReleaseReductionCopies(ts, t);
  ReleaseCompletion(ts, t, t->outer_implicit);
  ReleaseTaskSlot(t->slot, ts->clock.Get(t->slot));
  ResetTaskMemory();  // libomp's current task is still this one
  ResetTaskStack(ts);
}

// A detached task's body ended before its event was fulfilled: the body's end releases now,
// and the slot is released by whichever half (this or the fulfillment) comes last. Returns
// whether this was the last.
bool DetachTask(ThreadState *ts, Task *t) {
  ReleaseReductionCopies(ts, t);
  ReleaseCompletion(ts, t, t->outer_implicit);
  SaveContext(ts, t, false);  // its final clock, for the slot's release
  ResetTaskMemory();
  ResetTaskStack(ts);
  if (t->detach_halves.fetch_add(1, std::memory_order_acq_rel) != 1) return false;
  ReleaseTaskSlot(t->slot, t->ctx.Get(t->slot));
  return true;
}

// omp_fulfill_event for a detached task whose body has ended (another thread, or later):
// the fulfilling thread's clock is released into the completion's clocks.
bool LateFulfill(ThreadState *ts, Task *t) {
  ReleaseCompletion(ts, t, nullptr);
  Tick(ts);
  if (t->detach_halves.fetch_add(1, std::memory_order_acq_rel) != 1) return false;
  ReleaseTaskSlot(t->slot, t->ctx.Get(t->slot));
  return true;
}

// ---- callbacks ----

void OnParallelBegin(ompt_data_t *encountering, const ompt_frame_t *, ompt_data_t *parallel,
                     unsigned, int flags, const void *) {
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  Team *team = InternalNew<Team>();
  team->is_league = (flags & ompt_parallel_league) != 0;
  team->site_id = SiteId(InnermostCallSite(ts));
  Task *enc = TaskOf(encountering);
  if (!team->is_league && enc && enc->record.construct == OmpConstruct::kTeams &&
      ts->depth <= enc->start_depth) {
    team->runtime_made = true;
    team->made_for = enc->record;
  }
  team->fork.Release(ts);
  Tick(ts);
  if (team->is_league) {
    // The creation's reference is g_pending_league's; the parallel data the teams' initial
    // tasks get takes its own when they link it.
    Team *old = g_pending_league.exchange(team, std::memory_order_acq_rel);
    TeamUnref(old);
    return;
  }
  parallel->ptr = team;
}

void OnParallelEnd(ompt_data_t *parallel, ompt_data_t *, int, const void *) {
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  Team *team = static_cast<Team *>(parallel->ptr);
  if (!team) return;
  if (team->is_league) {
    Team *expected = team;
    if (g_pending_league.compare_exchange_strong(expected, nullptr, std::memory_order_acq_rel))
      TeamUnref(team);
  }
  team->barrier[0].Acquire(ts);
  team->barrier[1].Acquire(ts);
  parallel->ptr = nullptr;
  TeamUnref(team);
}

void OnImplicitTask(ompt_scope_endpoint_t endpoint, ompt_data_t *parallel, ompt_data_t *task,
                    unsigned actual_parallelism, unsigned index, int flags) {
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  if (endpoint == ompt_scope_begin) {
    Task *t = InternalNew<Task>();
    t->slot = ts->slot;
    bool program_initial = false;
    if (parallel && (flags & ompt_task_initial)) {
      void *expected = nullptr;
      if (Team *league = g_pending_league.load(std::memory_order_acquire)) {
        // A team's initial task: the first of the league to begin links the parallel data
        // (the others find it linked).
        if (__atomic_compare_exchange_n(&parallel->ptr, &expected, static_cast<void *>(league),
                                        false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
          TeamRef(league);  // the parallel data's reference, dropped at parallel_end
        }
      } else if (!parallel->ptr) {
        // The initial task's implicit parallel region: a team of one.
        parallel->ptr = InternalNew<Team>();
        program_initial = true;
      }
    }
    t->team = parallel ? static_cast<Team *>(parallel->ptr) : nullptr;
    TeamRef(t->team);
    // Implicit tasks of a parallel region, and the initial tasks of a league's teams.
    if (t->team && !program_initial) {
      t->team->size.store(actual_parallelism, std::memory_order_relaxed);
      t->team->fork.Acquire(ts);
    }
    if (program_initial) {
      t->record.construct = OmpConstruct::kInitial;
    } else if (t->team && t->team->runtime_made) {
      t->record = t->team->made_for;
    } else {
      t->record.construct =
          t->team && t->team->is_league ? OmpConstruct::kTeams : OmpConstruct::kParallel;
      t->record.site_id = t->team ? t->team->site_id : 0;
      t->record.has_thread_num = true;
      t->record.thread_num = index;
      t->record.team_size = actual_parallelism;
    }
    EnterRecord(ts, t->record);
    t->start_depth = ts->depth;
    t->outer_implicit = tl_current;
    tl_current = t;
    task->ptr = t;
    return;
  }
  Task *t = TaskOf(task);
  if (!t) return;
  SetIgnoring(ts, false);
  ReleaseReductionCopies(ts, t);
  if (tl_current == t) {
    tl_current = t->outer_implicit;
    // Back in the enclosing task (the encountering thread of a nested region or of a teams
    // construct): its accesses are its own again.
    if (tl_current) EnterRecord(ts, tl_current->record);
  }
  task->ptr = nullptr;
  TaskUnref(t);
}

void OnWork(ompt_work_t kind, ompt_scope_endpoint_t endpoint, ompt_data_t *,
            ompt_data_t *task, uint64_t, const void *) {
  switch (kind) {
    case ompt_work_loop:
    case ompt_work_loop_static:
    case ompt_work_loop_dynamic:
    case ompt_work_loop_guided:
    case ompt_work_loop_other:
      // Every thread of a team meets the team's worksharing loops in the same order: the
      // count names the loop among the team's (doacross keys).
      if (endpoint == ompt_scope_begin) {
        if (Task *t = TaskOf(task)) ++t->loops_begun;
      }
      break;
    case ompt_work_taskloop:
      if (endpoint == ompt_scope_begin) ++tl_taskloop_depth;
      else if (tl_taskloop_depth) --tl_taskloop_depth;
      break;
    default:
      break;
  }
}

bool IsBarrier(ompt_sync_region_t kind) {
  switch (kind) {
    case ompt_sync_region_barrier:
    case ompt_sync_region_barrier_implicit:
    case ompt_sync_region_barrier_explicit:
    case ompt_sync_region_barrier_implementation:
    case ompt_sync_region_barrier_implicit_workshare:
    case ompt_sync_region_barrier_implicit_parallel:
    case ompt_sync_region_barrier_teams:
      return true;
    default:
      return false;
  }
}

void OnSyncRegion(ompt_sync_region_t kind, ompt_scope_endpoint_t endpoint,
                  ompt_data_t *parallel, ompt_data_t *task, const void *) {
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  Task *t = TaskOf(task);
  VReport(3, "OMPT: T%u sync region %d %s in %p", ts->tid, int(kind),
          endpoint == ompt_scope_begin ? "begins" : "ends", (void *)t);
  if (!t) return;
  if (IsBarrier(kind)) {
    Team *team = t->team;
    if (endpoint == ompt_scope_begin) {
      if (team) {
        team->barrier[t->barrier_index].Release(ts);
        Tick(ts);
      }
      t->in_barrier = true;
      SetIgnoring(ts, true);
    } else {
      t->in_barrier = false;
      SetIgnoring(ts, false);
      // Workers report the end of the region's last barrier only when the next region
      // starts (parallel is then null): nothing to acquire, the next fork orders them.
      if (team && parallel) team->barrier[t->barrier_index].Acquire(ts);
      t->barrier_index ^= 1;
    }
    return;
  }
  switch (kind) {
    case ompt_sync_region_taskwait:
      if (endpoint == ompt_scope_end) t->children_done.Acquire(ts);
      break;
    case ompt_sync_region_taskgroup:
      if (endpoint == ompt_scope_begin) {
        TaskGroup *g = InternalNew<TaskGroup>();
        g->outer = t->current_group;  // takes over the task's reference
        t->current_group = g;
      } else if (TaskGroup *g = t->current_group) {
        g->done.Acquire(ts);
        t->current_group = g->outer;
        g->outer = nullptr;
        GroupUnref(g);
      }
      break;
    default:
      break;
  }
}

// The wait at the end of a taskgroup or taskwait is over: libomp then runs the combiners of
// the taskgroup's task reductions (user code) before it reports the region's end, so the
// group's completions are acquired here already.
void OnSyncRegionWait(ompt_sync_region_t kind, ompt_scope_endpoint_t endpoint,
                      ompt_data_t *, ompt_data_t *task, const void *) {
  if (endpoint != ompt_scope_end) return;
  Task *t = TaskOf(task);
  if (!t) return;
  ThreadState *ts = CurrentThread();
  if (kind == ompt_sync_region_taskgroup) {
    if (TaskGroup *g = t->current_group) g->done.Acquire(ts);
  } else if (kind == ompt_sync_region_taskwait) {
    t->children_done.Acquire(ts);
  }
}

void OnTaskCreate(ompt_data_t *encountering, const ompt_frame_t *, ompt_data_t *new_task,
                  int flags, int, const void *) {
  if (!(flags & (ompt_task_explicit | ompt_task_target | ompt_task_taskwait))) return;
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  Task *parent = TaskOf(encountering);
  if (!parent) parent = tl_current;
  if (flags & ompt_task_taskwait) {
    // `taskwait depend(...)`: a stand-in task carries the dependences; when libomp says the
    // wait is over (ompt_taskwait_complete), the encountering task acquires them.
    if (!parent) return;
    Task *t = InternalNew<Task>();
    t->is_taskwait = true;
    parent->refs.fetch_add(1, std::memory_order_relaxed);
    t->parent = parent;
    new_task->ptr = t;
    return;
  }
  Task *t = InternalNew<Task>();
  t->is_explicit = true;
  t->is_final = (flags & ompt_task_final) != 0;
  // Undeferred for the program's semantics: if(0) tasks, included tasks (children of a final
  // task), and whatever libomp marks undeferred in a team of more than one thread.
  t->undeferred = (flags & ompt_task_undeferred) &&
                  (tl_in_if0 || (parent && parent->is_explicit && parent->is_final) ||
                   (parent && parent->team &&
                    parent->team->size.load(std::memory_order_relaxed) > 1));
  t->record.construct = tl_taskloop_depth ? OmpConstruct::kTaskloop : OmpConstruct::kTask;
  t->record.site_id = SiteId(InnermostCallSite(ts));
  // A task libomp creates on behalf of a running explicit task, no user frame entered since
  // that task started (taskloop splits its iteration space with tasks creating tasks): the
  // same construct as its creator.
  if (parent && parent->is_explicit && parent->started && ts->depth <= parent->start_depth &&
      (parent->record.construct == OmpConstruct::kTaskloop ||
       parent->record.construct == OmpConstruct::kTask)) {
    t->record.construct = parent->record.construct;
    t->record.site_id = parent->record.site_id;
  }
  if (parent) {
    parent->refs.fetch_add(1, std::memory_order_relaxed);
    t->parent = parent;
    t->team = parent->team;
    TeamRef(t->team);
    t->group = parent->current_group ? parent->current_group : parent->group;
    GroupRef(t->group);
    if (t->team) t->record.parallel_site_id = t->team->site_id;
  }
  t->create_clock.CopyFrom(ts->clock);
  Tick(ts);
  new_task->ptr = t;
  VReport(3, "OMPT: T%u task %p created by %p, flags %x", ts->tid, (void *)t, (void *)parent,
          unsigned(flags));
}

// depend(source) / depend(sink) of a doacross loop, reported by the implicit task with one
// iteration number per dimension: libomp reports a source before publishing it and a sink
// after waiting for it.
void OnDoacross(Task *t, const ompt_dependence_t *deps, int ndeps) {
  if (!t->team) return;
  ThreadState *ts = CurrentThread();
  u64 key = 0x9E3779B97F4A7C15ull * (u64(t->loops_begun) + 1);
  for (int i = 0; i < ndeps; ++i) {
    key ^= deps[i].variable.value + 0x9E3779B97F4A7C15ull + (key << 6) + (key >> 2);
    key *= 0xff51afd7ed558ccdull;
  }
  OmpClock *clock = DoacrossClock(t->team, key);
  if (deps[0].dependence_type == ompt_dependence_type_source) {
    clock->Release(ts);
    Tick(ts);
  } else {
    clock->Acquire(ts);
  }
}

void OnDependences(ompt_data_t *task, const ompt_dependence_t *deps, int ndeps) {
  Task *t = TaskOf(task);
  if (!t || ndeps <= 0) return;
  if (deps[0].dependence_type == ompt_dependence_type_source ||
      deps[0].dependence_type == ompt_dependence_type_sink) {
    OnDoacross(t, deps, ndeps);
    return;
  }
  if (!t->parent) return;
  t->deps = static_cast<TaskDep *>(InternalAlloc(sizeof(TaskDep) * u32(ndeps)));
  for (int i = 0; i < ndeps; ++i) {
    int type = deps[i].dependence_type;
    // The all-memory forms are not modelled.
    if (type != ompt_dependence_type_in && type != ompt_dependence_type_out &&
        type != ompt_dependence_type_inout && type != ompt_dependence_type_mutexinoutset &&
        type != ompt_dependence_type_inoutset)
      continue;
    t->deps[t->num_deps].addr = uptr(deps[i].variable.ptr);
    t->deps[t->num_deps].type = type;
    ++t->num_deps;
  }
}

void OnTaskSchedule(ompt_data_t *prior, ompt_task_status_t status, ompt_data_t *next) {
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  Task *p = TaskOf(prior);
  Task *n = TaskOf(next);
  VReport(3, "OMPT: T%u schedule %p (%d) -> %p", ts->tid, (void *)p, int(status), (void *)n);
  if (status == ompt_taskwait_complete) {
    if (p && p->is_taskwait) {
      AcquireDependences(ts, p);
      prior->ptr = nullptr;
      TaskUnref(p);
    }
    return;
  }
  // omp_fulfill_event, on the fulfilling thread (no task switch): before the detached
  // task's body ended, its completion will include this thread's clock; after, this
  // completes it.
  if (status == ompt_task_early_fulfill) {
    if (p) {
      p->fulfill.Release(ts);
      Tick(ts);
    }
    return;
  }
  if (status == ompt_task_late_fulfill) {
    if (p && p->is_explicit && LateFulfill(ts, p)) TaskUnref(p);
    return;
  }
  bool completed = status == ompt_task_complete || status == ompt_task_cancel;
  bool detached = status == ompt_task_detach;
  // The creator of an undeferred task resumes after its completion, ordered after it.
  VectorClock undeferred_end;
  bool join_prior = p && p->is_explicit && completed && p->undeferred && n && n == p->parent;
  bool release_prior = false;
  if (p && p->is_explicit && completed) {
    CompleteTask(ts, p);
    if (join_prior) undeferred_end.Swap(ts->clock);  // the completed task's clock is dead
    release_prior = true;
  } else if (p && p->is_explicit && detached) {
    release_prior = DetachTask(ts, p);
  } else if (p) {
    SaveContext(ts, p, n != nullptr);
  }
  if (!n) {
    if (release_prior) TaskUnref(p);
    return;
  }
  if (n->is_explicit) {
    // The implicit task the thread comes back to (its barrier index: see CompleteTask).
    n->outer_implicit = !tl_current                 ? nullptr
                        : !tl_current->is_explicit  ? tl_current
                                                    : tl_current->outer_implicit;
  }
  if (n->is_explicit && !n->started) StartTask(ts, n);
  else LoadContext(ts, n);
  if (join_prior) ts->clock.Join(undeferred_end);
  tl_current = n;
  SetIgnoring(ts, n->in_barrier);
  if (release_prior) {
    p->outer_implicit = nullptr;
    TaskUnref(p);
  }
}

// ---- locks ----

bool IsPlainLock(ompt_mutex_t kind) {
  return kind == ompt_mutex_lock || kind == ompt_mutex_test_lock || kind == ompt_mutex_critical;
}

void OnMutexAcquire(ompt_mutex_t kind, unsigned, unsigned, ompt_wait_id_t wait_id,
                    const void *) {
  if (kind != ompt_mutex_lock && kind != ompt_mutex_critical) return;
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  if (ts->ignore) return;
  LockModelBeforeLock(ts, uptr(wait_id), LockType::kOmp, LockMode::kExclusive, false);
}

// libomp calls mutex_released after it released the lock (kmp_csupport.cpp,
// __kmpc_end_critical, __kmpc_unset_lock), so the next owner's mutex_acquired can run before
// the previous owner's mutex_released has put its clock in the lock's: a false race on
// everything the critical section protects (openmp/critical_clean.c, about one run in 30
// under load). As Archer does with a mutex of its own, the model's owner is tracked apart
// from libomp's: an acquire waits until the previous owner's release was modelled. The
// wait is as long as the gap between libomp's unlock and its callback; it is bounded
// (a missing callback must never hang the program: then the pair is modelled unordered).
constexpr int kOmpReleaseWaitYields = 100000;

void WaitForModelledRelease(ThreadState *ts, SyncVar *s) {
  const u32 me = ts->tid + 1;
  for (int n = 0;; ++n) {
    u32 owner = s->omp_model_owner.load(std::memory_order_acquire);
    if (owner == me) return;  // nested acquisition by the owner (nest locks)
    if (owner == 0 && s->omp_model_owner.compare_exchange_weak(owner, me,
                                                                std::memory_order_acq_rel))
      return;
    if (n >= kOmpReleaseWaitYields) {
      s->omp_model_owner.store(me, std::memory_order_release);
      return;
    }
    if (n < 64) CpuRelax();
    else sched_yield();
  }
}

void EndModelledOwnership(ThreadState *ts, SyncVar *s) {
  u32 me = ts->tid + 1;
  s->omp_model_owner.compare_exchange_strong(me, 0, std::memory_order_acq_rel);
}

void OnMutexAcquired(ompt_mutex_t kind, ompt_wait_id_t wait_id, const void *) {
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  if (ts->ignore) return;
  WaitForModelledRelease(ts, GetSyncVar(uptr(wait_id), true));
  if (IsPlainLock(kind)) {
    LockModelAfterLock(ts, uptr(wait_id), LockType::kOmp, LockMode::kExclusive,
                       kind == ompt_mutex_test_lock, true);
  } else {
    AcquireAddr(ts, uptr(wait_id));
  }
}

void OnMutexReleased(ompt_mutex_t kind, ompt_wait_id_t wait_id, const void *) {
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  if (!ts->ignore) {
    if (IsPlainLock(kind)) LockModelBeforeUnlock(ts, uptr(wait_id), LockType::kOmp);
    else ReleaseAddr(ts, uptr(wait_id));
  }
  // Always (it clears only this thread's ownership): an ownership left behind would make
  // every later acquire of the lock wait out the bound.
  EndModelledOwnership(ts, GetSyncVar(uptr(wait_id), true));
}

void OnLockInit(ompt_mutex_t kind, unsigned, unsigned, ompt_wait_id_t wait_id, const void *) {
  if (kind != ompt_mutex_lock) return;
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  if (ts->ignore) return;
  LockModelCreate(ts, uptr(wait_id), LockType::kOmp);
}

void OnLockDestroy(ompt_mutex_t kind, ompt_wait_id_t wait_id, const void *) {
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  if (ts->ignore) return;
  if (kind == ompt_mutex_lock) LockModelDestroy(ts, uptr(wait_id));
  else DestroySyncVar(uptr(wait_id));
}

// ---- registration ----

int Initialize(ompt_function_lookup_t lookup, int, ompt_data_t *) {
  auto set_callback = reinterpret_cast<ompt_set_callback_t>(lookup("ompt_set_callback"));
  if (!set_callback) return 0;
  g_get_task_memory = reinterpret_cast<ompt_get_task_memory_t>(lookup("ompt_get_task_memory"));
  auto set = [&](ompt_callbacks_t event, ompt_callback_t fn, const char *name) {
    ompt_set_result_t r = set_callback(event, fn);
    if (r != ompt_set_always) VReport(1, "OMPT: callback %s: support level %d", name, int(r));
  };
#define RL_OMPT_SET(event, fn) set(event, reinterpret_cast<ompt_callback_t>(&fn), #event)
  RL_OMPT_SET(ompt_callback_parallel_begin, OnParallelBegin);
  RL_OMPT_SET(ompt_callback_parallel_end, OnParallelEnd);
  RL_OMPT_SET(ompt_callback_implicit_task, OnImplicitTask);
  RL_OMPT_SET(ompt_callback_sync_region, OnSyncRegion);
  RL_OMPT_SET(ompt_callback_task_create, OnTaskCreate);
  RL_OMPT_SET(ompt_callback_dependences, OnDependences);
  RL_OMPT_SET(ompt_callback_task_schedule, OnTaskSchedule);
  RL_OMPT_SET(ompt_callback_work, OnWork);
  RL_OMPT_SET(ompt_callback_sync_region_wait, OnSyncRegionWait);
  RL_OMPT_SET(ompt_callback_mutex_acquire, OnMutexAcquire);
  RL_OMPT_SET(ompt_callback_mutex_acquired, OnMutexAcquired);
  RL_OMPT_SET(ompt_callback_mutex_released, OnMutexReleased);
  RL_OMPT_SET(ompt_callback_lock_init, OnLockInit);
  RL_OMPT_SET(ompt_callback_lock_destroy, OnLockDestroy);
#undef RL_OMPT_SET
  VReport(1, "OMPT: registered as an OpenMP tool");
  return 1;
}

void Finalize(ompt_data_t *) {}

ompt_start_tool_result_t g_tool = {&Initialize, &Finalize, {0}};

}  // namespace
}  // namespace rl

// if(0) tasks: clang calls this instead of __kmpc_omp_task. libomp marks every task of a
// team of one thread undeferred, so the OMPT flags alone cannot tell an if(0) task there.
extern "C" __attribute__((visibility("default"))) void __kmpc_omp_task_begin_if0(
    void *loc, int gtid, void *task) {
  using Fn = void (*)(void *, int, void *);
  static Fn real = reinterpret_cast<Fn>(rl::ResolveReal("__kmpc_omp_task_begin_if0"));
  if (!real) rl::Die("__kmpc_omp_task_begin_if0 not found in libomp");
  rl::tl_in_if0 = true;
  real(loc, gtid, task);
  rl::tl_in_if0 = false;
}

// Task reductions: the thread-private copy a task is to update (see UseReductionCopy).
extern "C" __attribute__((visibility("default"))) void *__kmpc_task_reduction_get_th_data(
    int gtid, void *taskgroup, void *item) {
  using Fn = void *(*)(int, void *, void *);
  static Fn real = reinterpret_cast<Fn>(rl::ResolveReal("__kmpc_task_reduction_get_th_data"));
  if (!real) rl::Die("__kmpc_task_reduction_get_th_data not found in libomp");
  void *copy = real(gtid, taskgroup, item);
  rl::ThreadState *ts = rl::CurrentThread();
  if (copy && rl::tl_current && !ts->ignore) rl::UseReductionCopy(ts, rl::tl_current, rl::uptr(copy));
  return copy;
}

extern "C" __attribute__((visibility("default"))) ompt_start_tool_result_t *ompt_start_tool(
    unsigned int, const char *) {
  return &rl::g_tool;
}

#endif  // RACELIGHT_OMP_TOOLS_H
