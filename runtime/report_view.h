// The rendering model of a report, shared by the runtime and the `racelight` tool, and the one
// text renderer both use (report_view_text.cc).
//
// The runtime fills a ReportView from its rl::Report (report_text.cc); the tool fills one from
// a report read back from JSON Lines (tools/racelight/view.cc) and renders text and HTML from
// it. So the terminal text of a run and `racelight report` print the same thing.
//
// This header and report_view_text.cc are compiled into both: they use only libc (no
// libstdc++, no allocation: text goes to a caller-supplied sink, source lines are read with a
// fixed buffer), so the runtime stays free of heavy dependencies.
#ifndef RACELIGHT_REPORT_VIEW_H
#define RACELIGHT_REPORT_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "racelight/interface.h"

namespace rl {
namespace view {

struct Frames {
  const rl_site *const *frames = nullptr;  // innermost first
  uint32_t size = 0;
  bool truncated = false;  // the stack had more frames than these (cut at its size)
  bool unknown = false;    // where the access was made is no longer known (no frames)
};

struct Event {
  const char *role = "";
  bool has_thread = false;
  uint32_t thread = 0;
  const char *description = "";
  Frames stack;
  // Access events (data races).
  bool has_access = false;
  const char *access_type = "";  // "read", "write", "free"
  uint64_t access_size = 0;
  const char *access_address = "";
  bool access_atomic = false;
  // Accesses in OpenMP code: the construct the access ran in ("" when none): "parallel",
  // "teams", "task", "taskloop" or "initial"; where it is; the parallel region of a task;
  // the thread's number in its team (teams: the team's number among the teams).
  const char *omp_construct = "";
  const rl_site *omp_site = nullptr;
  const rl_site *omp_parallel_site = nullptr;
  bool omp_has_thread_num = false;
  uint32_t omp_thread_num = 0;
  uint32_t omp_team_size = 0;
  // Lock events.
  bool has_lock = false;
  uint64_t lock_id = 0;
  const char *lock_address = "";
  const char *lock_type = "";
};

struct Variable {
  const char *type = nullptr;  // nullptr: none; "global", "heap", "stack", "unknown", ...
  const char *name = "";
  const char *address = "";
  bool has_size = false;
  uint64_t size = 0;
  bool has_offset = false;
  uint64_t offset = 0;
  bool has_fd = false;  // type "fd": the descriptor number
  uint64_t fd = 0;
  bool has_thread = false;
  uint32_t thread = 0;
  const char *file = "";
  uint32_t line = 0;
  Frames allocation_stack;
};

struct Thread {
  uint32_t id = 0;
  bool is_main = false;  // no parent
  uint32_t parent = 0;
  bool finished = false;
  Frames creation_stack;
};

// One synchronization event of a race report's timeline (docs/report-format.md).
struct SyncEvent {
  const char *kind = "";   // "lock", "unlock", "create", "cond-wait", ...
  const char *order = "";  // "before", "after", "same-epoch", "unknown"
  bool has_lock = false;
  uint64_t lock_id = 0;
  bool has_thread = false;  // create, join: the other thread
  uint32_t thread = 0;
  const rl_site *site = nullptr;
  uint64_t count = 1;
};

// What the thread of one access did to synchronize, oldest first.
struct Timeline {
  const char *role = "";  // the access event's role
  uint32_t thread = 0;
  uint64_t earlier = 0;   // events before the first listed
  bool kept = true;       // false: its events up to the access are no longer kept
  const SyncEvent *events = nullptr;
  uint32_t num_events = 0;
};

struct Report {
  const char *kind = "";
  const char *subkind = "";  // "" when none
  const char *message = "";
  const char *program = "";  // names the report when no frame has a location
  const Event *events = nullptr;
  uint32_t num_events = 0;
  Variable variable;
  const Thread *threads = nullptr;
  uint32_t num_threads = 0;
  const Timeline *timelines = nullptr;  // data races: the two threads' synchronization
  uint32_t num_timelines = 0;
  const char *note = "";  // an extra line before SUMMARY (the tool: occurrences, fingerprint)
};

struct TextOptions {
  bool color = false;
  bool show_source = true;          // quote the primary source line with a caret
  bool show_system_frames = false;  // false: fold runs of system frames into one line
  const char *source_root = "";     // relative files are looked up, and shown, relative to it
};

// Where text goes.
struct Sink {
  void (*write)(void *context, const char *text, size_t size) = nullptr;
  void *context = nullptr;
};

// Renders one report:
//   ==================
//   file:line:col: kind: message [subkind]
//      12 |     counter++;
//         |     ^
//     <event description> [role]:
//       in task created at file:line (parallel region at file:line, thread 0 of 2)
//       #0 function file:line:col
//       ... 2 frames in libstdc++
//       synchronized before: ..., lock M1 (line 9), unlock M1 (line 11)   (data races)
//     Location: ...
//     Thread T1 created by main thread at:
//       #0 ...
//   SUMMARY: racelight: kind file:line:col in function
//   ==================
void RenderText(const Report &report, const TextOptions &options, Sink sink);

// The OpenMP line of an access event, without indentation or newline (nothing when the
// event has no construct): "in task created at a.c:12 (parallel region at a.c:9, thread 1
// of 2)", "in parallel region at a.c:9 (thread 0 of 4)", "in teams region at a.c:5 (team 1
// of 2)", "in the initial task (outside any parallel region)".
void RenderOpenMpContext(const Event &event, const TextOptions &options, Sink sink);

// A frame outside the user's code: marked RL_SITE_SYSTEM_HEADER, in a system directory
// (/usr/include, /usr/lib, ...), or a Racelight runtime function.
bool IsSystemFrame(const rl_site &frame);
// The name a run of system frames is folded under: "libstdc++", "libc", "racelight",
// "system headers".
const char *SystemGroup(const rl_site &frame);

// The frame that names where the user's code was: the first non-system frame with a line,
// else the first frame with a line, else the first frame; nullptr for an empty stack.
const rl_site *TopUserFrame(const Frames &stack);
// The event whose top user frame has a line (the first such), or -1.
int PrimaryEvent(const Report &report);

// "main thread" or "thread T<id>".
void ThreadName(uint32_t id, char *buf, size_t size);

// Line `line` (1-based) of `file` (relative names are looked up under `root` when it is not
// empty, else in the current directory) into `buf`, without its newline; false when the file
// or line cannot be read. Lines longer than the buffer are cut.
bool ReadSourceLine(const char *file, uint32_t line, const char *root, char *buf, size_t size);

// How a path is shown: relative to `root` when under it, else as is. Writes into `buf`.
const char *DisplayPath(const char *file, const char *root, char *buf, size_t size);

}  // namespace view
}  // namespace rl

#endif  // RACELIGHT_REPORT_VIEW_H
