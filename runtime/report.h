// The report model: plain data describing one finding, filled in by the detectors and
// rendered separately as terminal text (report_text.cc) and JSON (report_json.cc).
//
// Reports are built by the thread that found the problem, after the decision to report
// was taken under the detector's lock and that lock released; they hold only copies and
// pointers to static sites, never pointers into live runtime state.
#ifndef RACELIGHT_REPORT_H
#define RACELIGHT_REPORT_H

#include "defs.h"
#include "racelight/interface.h"

namespace rl {

constexpr unsigned kMaxReportFrames = 48;
constexpr unsigned kMaxReportEvents = 128;  // a lock cycle or deadlock shows every member
constexpr unsigned kMaxReportThreads = 64;

// A call stack, innermost first, as static sites (each names function, file, line, column).
// `truncated`: the stack had more than kMaxReportFrames frames; the outermost ones were left
// out (reports say so: a stack that merely looks short would mislead). `unknown`: where the
// access was made is no longer known (a race's previous access older than the access
// history keeps); the stack is then empty.
struct StackTrace {
  u32 size = 0;
  bool truncated = false;
  bool unknown = false;
  const rl_site *frames[kMaxReportFrames];
  void Push(const rl_site *site) {
    if (!site) return;
    if (size < kMaxReportFrames) frames[size++] = site;
    else truncated = true;
  }
  // Pushes `site` and the sites of the calls it was inlined through (rl_site::inlined_at):
  // inlined functions have no frame at run time, so these stand for their callers.
  void PushWithInlinedCallers(const rl_site *site) {
    for (u32 n = 0; site && n <= kMaxReportFrames; ++n, site = site->inlined_at) Push(site);
  }
  void Clear() {
    size = 0;
    truncated = false;
    unknown = false;
  }
};

struct AccessInfo {
  bool present = false;
  bool is_write = false;
  bool is_atomic = false;
  bool is_free = false;
  u32 size = 0;
  uptr address = 0;
};

struct LockInfo {
  bool present = false;
  u64 id = 0;
  uptr address = 0;
  const char *type = "mutex";
};

// What a blocked thread of a stall waits on (deadlock/stall reports).
struct WaitInfo {
  bool present = false;
  uptr object = 0;          // the condition variable, semaphore, barrier or lock
  uptr mutex = 0;           // a condition variable's mutex
  bool has_thread = false;  // a join: the joined thread; a lock: its owner
  u32 thread = 0;
  u32 count = 0;            // a barrier: how many threads it waits for
};

// The OpenMP construct an access ran in (omp_context.h), when it ran in OpenMP code.
struct OmpContextInfo {
  bool present = false;
  const char *construct = "";              // "parallel", "teams", "task", "taskloop", "initial"
  const rl_site *site = nullptr;           // the construct (its call into libomp), if known
  const rl_site *parallel_site = nullptr;  // a task's parallel region, if known
  bool has_thread_num = false;
  u32 thread_num = 0;  // omp_get_thread_num() of the thread (teams: the team number)
  u32 team_size = 0;   // threads in its team (teams: the number of teams)
};

struct ReportEvent {
  const char *role = "";
  u32 thread = 0;
  char description[192] = {0};
  StackTrace stack;
  AccessInfo access;
  LockInfo lock;
  WaitInfo wait;
  OmpContextInfo openmp;
};

// kFd: the word that stands for a file descriptor (interceptors_fd.cc): a race on the
// descriptor itself (a close or dup2 not ordered with a use).
enum class VariableType { kNone, kGlobal, kHeap, kStack, kUnknown, kFd };

struct VariableInfo {
  VariableType type = VariableType::kNone;
  const char *name = nullptr;  // global name
  const char *file = nullptr;  // global's definition
  u32 line = 0;
  uptr address = 0;  // start of the global / heap block
  u64 size = 0;
  u64 offset = 0;    // of the racing access within it
  u32 thread = 0;    // stack owner, or allocating thread
  int fd = -1;       // kFd: the descriptor
  StackTrace allocation_stack;
};

struct ThreadInfo {
  u32 id = 0;
  u32 parent = 0;
  bool is_main = false;
  bool finished = false;
  StackTrace creation_stack;
};

// One synchronization event of a thread in a race report's timeline (sync_history.h).
constexpr unsigned kMaxTimelineEvents = 16;
struct TimelineEvent {
  const char *kind = "";   // SyncEventKindName
  // Relative to the thread's access: "before", "after", or "same-epoch" (an acquire in the
  // access's epoch: the detector cannot tell which came first), "unknown" (another clock
  // slot: an OpenMP task).
  const char *order = "";
  uptr object = 0;         // 0 for create/join
  bool has_lock = false;   // lock events; a cond-wait's mutex
  u64 lock_id = 0;
  const char *lock_type = "";
  bool has_thread = false; // create/join: the other thread
  u32 thread = 0;
  const rl_site *site = nullptr;
  u64 epoch = 0;           // the thread's clock right after it
  u32 count = 1;           // identical consecutive atomics
};

// The synchronization a thread of a race did around its access, oldest first.
struct ThreadTimeline {
  bool present = false;
  const char *role = "";   // the access event's role
  u32 thread = 0;
  u64 access_epoch = 0;
  u64 earlier = 0;         // events of the thread before the first listed one
  bool kept = true;        // false: its events up to the access are no longer kept
  u32 num_events = 0;
  TimelineEvent events[kMaxTimelineEvents];
};

struct Report {
  const char *kind = "";     // "data-race", "deadlock", "lock-order-inversion", "mutex-misuse"
  const char *subkind = nullptr;
  char message[256] = {0};
  u32 num_events = 0;
  ReportEvent events[kMaxReportEvents];
  VariableInfo variable;
  u32 num_threads = 0;
  ThreadInfo threads[kMaxReportThreads];
  u32 num_timelines = 0;  // data races: the two threads' synchronization
  ThreadTimeline timelines[2];
  bool suppressed = false;
  const char *suppressed_by = nullptr;  // the matching suppression pattern

  ReportEvent *AddEvent(const char *role, u32 thread) {
    if (num_events >= kMaxReportEvents) return nullptr;
    ReportEvent *e = &events[num_events++];
    e->role = role;
    e->thread = thread;
    return e;
  }
};

// "main thread" or "thread T<id>", as every report names threads.
void FormatThreadName(u32 tid, char *buf, unsigned long size);

// Allocates a zero-initialized report (reports are too large for small thread stacks).
Report *NewReport();
void FreeReport(Report *report);

// Adds creation information for every thread named in the events (thread_registry.cc).
void AddThreadInfo(Report *report);

}  // namespace rl

#endif  // RACELIGHT_REPORT_H
