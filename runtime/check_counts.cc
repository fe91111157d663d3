// Totals of -racelight-count-checks (see check_counts.h).
#include "check_counts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>

#include "diagnostics.h"
#include "options.h"
#include "process_info.h"
#include "racelight/interface.h"
#include "report_output.h"
#include "thread_state.h"

// The counters the instrumented code increments: exported (racelight.dynlist: __rl_*) so
// that instrumented shared objects bind to the executable's copy; initial-exec, as the pass
// declares them, since they live in the executable's static TLS block.
extern "C" {
__attribute__((visibility("default"))) RL_TLS uint64_t __rl_check_counts[RL_COUNT_KINDS];
}

namespace rl {

namespace {

std::atomic<bool> g_enabled{false};
std::atomic<bool> g_printed{false};
std::atomic<u64> g_totals[RL_COUNT_KINDS];
std::atomic<u64> g_threads{0};  // threads whose counters were folded into g_totals

// Names printed for each kind: "executed." counts checks the program made, "removed." the
// accesses a rule left unchecked (the letter is the rule's, docs/instrumentation.md).
const char *const kKindNames[RL_COUNT_KINDS] = {
    "executed.function_entries",
    "executed.access_checks",
    "executed.loop_range_checks",
    "executed.loop_last_iteration_checks",
    "executed.memory_op_checks",
    "executed.atomics",
    "removed.a.nonescaping_alloca",
    "removed.b.read_only",
    "removed.c.own_global",
    "removed.d.leaf_function",
    "removed.e.redundant",
    "removed.f.loop_coalesced",
    "removed.g.thread_local_heap",
    "removed.h.read_before_write",
};

struct Snapshot {
  u64 counts[RL_COUNT_KINDS];
  u64 threads;
};

void AddLiveThread(ThreadState *ts, void *arg) {
  Snapshot *s = static_cast<Snapshot *>(arg);
  if (!ts->check_counts) return;
  for (u32 k = 0; k < RL_COUNT_KINDS; ++k)
    s->counts[k] += __atomic_load_n(&ts->check_counts[k], __ATOMIC_RELAXED);
  ++s->threads;
}

}  // namespace

void NoteCheckCountingModule() { g_enabled.store(true, std::memory_order_relaxed); }
bool CheckCountingEnabled() { return g_enabled.load(std::memory_order_relaxed); }

u64 *ThisThreadCheckCounts() { return __rl_check_counts; }

void FoldThreadCheckCounts(ThreadState *ts, bool first) {
  if (!CheckCountingEnabled() || !ts->check_counts) return;
  for (u32 k = 0; k < RL_COUNT_KINDS; ++k) {
    u64 n = ts->check_counts[k];
    if (!n) continue;
    g_totals[k].fetch_add(n, std::memory_order_relaxed);
    ts->check_counts[k] = 0;
  }
  if (first) g_threads.fetch_add(1, std::memory_order_relaxed);
}

void PrintCheckCounts() {
  if (!CheckCountingEnabled() || g_printed.exchange(true)) return;
  ScopedRuntimeInternal internal;
  Snapshot s = {};
  ForEachLiveThread(AddLiveThread, &s);
  for (u32 k = 0; k < RL_COUNT_KINDS; ++k) s.counts[k] += g_totals[k].load();
  s.threads += g_threads.load();

  char text[2048];
  size_t n = 0;
  auto append = [&](const char *fmt, auto... args) {
    if (n >= sizeof(text)) return;
    int w = snprintf(text + n, sizeof(text) - n, fmt, args...);
    if (w > 0) n += size_t(w);
    if (n > sizeof(text)) n = sizeof(text);
  };
  append("racelight: check counts (-racelight-count-checks) of pid %d, %llu thread%s, %s\n",
         int(getpid()), static_cast<unsigned long long>(s.threads), s.threads == 1 ? "" : "s",
         ProgramPath());
  for (u32 k = 0; k < RL_COUNT_KINDS; ++k)
    append("racelight:   %s %llu\n", kKindNames[k],
           static_cast<unsigned long long>(s.counts[k]));
  if (n >= sizeof(text)) n = sizeof(text) - 1;
  text[n] = 0;

  const char *path = Flags().check_counts_path;
  if (!path) {
    PrintNote(text);
    return;
  }
  // A raw system call: the runtime's own file is not the program's (the open interceptor).
  // O_APPEND and one write: the processes of one run can share the file.
  int fd = int(syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                       0644));
  if (fd < 0 || !WriteAll(fd, text, n)) {
    char line[4300];
    snprintf(line, sizeof(line), "racelight: cannot write the check counts to %s: %s\n", path,
             strerror(errno));
    WriteAll(2, line, strlen(line));
    WriteAll(2, text, n);
  }
  if (fd >= 0) syscall(SYS_close, fd);
}

void CheckCountsAfterForkChild() {
  for (u32 k = 0; k < RL_COUNT_KINDS; ++k) {
    g_totals[k].store(0, std::memory_order_relaxed);
    __rl_check_counts[k] = 0;
  }
  g_threads.store(0, std::memory_order_relaxed);
  g_printed.store(false, std::memory_order_relaxed);
}

}  // namespace rl
