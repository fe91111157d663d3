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
// out (reports say so: a stack that merely looks short would mislead).
struct StackTrace {
  u32 size = 0;
  bool truncated = false;
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

struct ReportEvent {
  const char *role = "";
  u32 thread = 0;
  char description[192] = {0};
  StackTrace stack;
  AccessInfo access;
  LockInfo lock;
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

struct Report {
  const char *kind = "";     // "data-race", "deadlock", "lock-order-inversion", "mutex-misuse"
  const char *subkind = nullptr;
  char message[256] = {0};
  u32 num_events = 0;
  ReportEvent events[kMaxReportEvents];
  VariableInfo variable;
  u32 num_threads = 0;
  ThreadInfo threads[kMaxReportThreads];
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
