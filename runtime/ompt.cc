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
//   (user code) there, on other threads' private copies. Tasks run inside a barrier are.
//
// Thread-safety: callbacks run on the thread the event concerns. Team, Task and TaskGroup
// are reference counted (tasks may outlive their parent, workers report the end of their
// implicit task after the region ended); shared clocks are guarded by their spin mutex.
#ifdef RACELIGHT_OMP_TOOLS_H
#include RACELIGHT_OMP_TOOLS_H

#include <atomic>

#include "access.h"
#include "diagnostics.h"
#include "internal_alloc.h"
#include "lock_model.h"
#include "shadow_map.h"
#include "shadow_encoding.h"
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

struct Team {
  std::atomic<int> refs{1};
  std::atomic<u32> size{1};  // threads in the team
  OmpClock fork;
  OmpClock barrier[2];
};

void TeamRef(Team *t) {
  if (t) t->refs.fetch_add(1, std::memory_order_relaxed);
}
void TeamUnref(Team *t) {
  if (t && t->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) InternalDelete(t);
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
  // Its creator waits for its completion (if(0), included tasks of final ones). libomp
  // also marks undeferred every task of a team of one thread, which it runs at once; those
  // are deferred tasks for the program's semantics (another run may defer them): only
  // tasks of larger teams count.
  bool undeferred = false;
  bool started = false;
  bool in_barrier = false;
  u8 barrier_index = 0;
  u32 slot = 0;
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

void SetIgnoring(ThreadState *ts, bool on) {
  if (on == tl_ignoring) return;
  tl_ignoring = on;
  if (on) ++ts->ignore;
  else --ts->ignore;
}

Task *TaskOf(ompt_data_t *data) { return data ? static_cast<Task *>(data->ptr) : nullptr; }

void LoadContext(ThreadState *ts, Task *t) {
  ts->slot = t->slot;
  ts->clock.CopyFrom(t->ctx);
  ts->epoch_bits = shadow::EpochBits(t->slot, ts->clock.Get(t->slot));
}

void SaveContext(ThreadState *ts, Task *t) {
  if (!t) return;
  t->slot = ts->slot;
  t->ctx.CopyFrom(ts->clock);
}

// The first time an explicit task runs: its clock is its creation's, plus its dependences.
void StartTask(ThreadState *ts, Task *t) {
  t->started = true;
  ts->clock.CopyFrom(t->create_clock);
  for (u32 i = 0; i < t->num_deps; ++i) {
    DepObject *d = FindDep(t->parent, t->deps[i].addr);
    d->out.Acquire(ts);
    if (t->deps[i].type != ompt_dependence_type_in) d->in.Acquire(ts);
  }
  ResetTaskStack(ts);
  u64 start;
  u32 slot = AllocTaskSlot(ts->clock, ts->tid, &start);
  ts->clock.Set(slot, start);
  ts->slot = slot;
  ts->epoch_bits = shadow::EpochBits(slot, start);
}

void CompleteTask(ThreadState *ts, Task *t) {
  if (t->parent) t->parent->children_done.Release(ts);
  if (t->group) t->group->done.Release(ts);
  if (t->team) {
    // The team's next barrier (the one the thread is in, if it runs the task from a
    // barrier) waits for this task. Threads of another team (a task of an enclosing region
    // run in a nested one): both clocks.
    Task *imp = t->outer_implicit;
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
  ReleaseTaskSlot(t->slot, ts->clock.Get(t->slot));
  ResetTaskMemory();  // libomp's current task is still this one
  ResetTaskStack(ts);
}

// ---- callbacks ----

void OnParallelBegin(ompt_data_t *encountering, const ompt_frame_t *, ompt_data_t *parallel,
                     unsigned, int, const void *) {
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  Team *team = InternalNew<Team>();
  team->fork.Release(ts);
  Tick(ts);
  parallel->ptr = team;
}

void OnParallelEnd(ompt_data_t *parallel, ompt_data_t *, int, const void *) {
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  Team *team = static_cast<Team *>(parallel->ptr);
  if (!team) return;
  team->barrier[0].Acquire(ts);
  team->barrier[1].Acquire(ts);
  parallel->ptr = nullptr;
  TeamUnref(team);
}

void OnImplicitTask(ompt_scope_endpoint_t endpoint, ompt_data_t *parallel, ompt_data_t *task,
                    unsigned actual_parallelism, unsigned, int flags) {
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  if (endpoint == ompt_scope_begin) {
    Task *t = InternalNew<Task>();
    t->slot = ts->slot;
    if (parallel && !parallel->ptr && (flags & ompt_task_initial)) {
      // The initial task's implicit parallel region: a team of one.
      parallel->ptr = InternalNew<Team>();
    }
    t->team = parallel ? static_cast<Team *>(parallel->ptr) : nullptr;
    TeamRef(t->team);
    if (t->team && !(flags & ompt_task_initial)) {
      t->team->size.store(actual_parallelism, std::memory_order_relaxed);
      t->team->fork.Acquire(ts);
    }
    t->outer_implicit = tl_current;
    tl_current = t;
    task->ptr = t;
    return;
  }
  Task *t = TaskOf(task);
  if (!t) return;
  SetIgnoring(ts, false);
  if (tl_current == t) tl_current = t->outer_implicit;
  task->ptr = nullptr;
  TaskUnref(t);
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

void OnTaskCreate(ompt_data_t *encountering, const ompt_frame_t *, ompt_data_t *new_task,
                  int flags, int, const void *) {
  if (!(flags & ompt_task_explicit) && !(flags & ompt_task_target)) return;
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  Task *parent = TaskOf(encountering);
  if (!parent) parent = tl_current;
  Task *t = InternalNew<Task>();
  t->is_explicit = true;
  t->undeferred = (flags & ompt_task_undeferred) && parent && parent->team &&
                  parent->team->size.load(std::memory_order_relaxed) > 1;
  if (parent) {
    parent->refs.fetch_add(1, std::memory_order_relaxed);
    t->parent = parent;
    t->team = parent->team;
    TeamRef(t->team);
    t->group = parent->current_group ? parent->current_group : parent->group;
    GroupRef(t->group);
  }
  t->create_clock.CopyFrom(ts->clock);
  Tick(ts);
  new_task->ptr = t;
  VReport(3, "OMPT: T%u task %p created by %p, flags %x", ts->tid, (void *)t, (void *)parent,
          unsigned(flags));
}

void OnDependences(ompt_data_t *task, const ompt_dependence_t *deps, int ndeps) {
  Task *t = TaskOf(task);
  if (!t || !t->parent || ndeps <= 0) return;
  t->deps = static_cast<TaskDep *>(InternalAlloc(sizeof(TaskDep) * u32(ndeps)));
  for (int i = 0; i < ndeps; ++i) {
    int type = deps[i].dependence_type;
    // source/sink (doacross) and the all-memory forms are not modelled.
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
  bool completed = status == ompt_task_complete || status == ompt_task_cancel ||
                   status == ompt_task_late_fulfill;
  // The creator of an undeferred task resumes after its completion, ordered after it.
  VectorClock undeferred_end;
  bool join_prior = p && p->is_explicit && completed && p->undeferred && n && n == p->parent;
  if (join_prior) undeferred_end.CopyFrom(ts->clock);
  if (p && p->is_explicit && completed) {
    if (status != ompt_task_late_fulfill) CompleteTask(ts, p);
  } else if (p && status != ompt_task_late_fulfill) {
    SaveContext(ts, p);
  }
  if (!n) return;
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
  if (p && p->is_explicit && completed) {
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

void OnMutexAcquired(ompt_mutex_t kind, ompt_wait_id_t wait_id, const void *) {
  ThreadState *ts = CurrentThread();
  RecheckUnfenced(ts);  // before any clock changes (access.h)
  if (ts->ignore) return;
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
  if (ts->ignore) return;
  if (IsPlainLock(kind)) LockModelBeforeUnlock(ts, uptr(wait_id), LockType::kOmp);
  else ReleaseAddr(ts, uptr(wait_id));
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

extern "C" __attribute__((visibility("default"))) ompt_start_tool_result_t *ompt_start_tool(
    unsigned int, const char *) {
  return &rl::g_tool;
}

#endif  // RACELIGHT_OMP_TOOLS_H
