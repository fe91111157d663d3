#include "report_output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "options.h"
#include "report.h"
#include "report_render.h"
#include "spin_mutex.h"
#include "suppressions.h"
#include "text_buffer.h"

namespace rl {

namespace {
SpinMutex g_output_mu;
int g_log_fd = 2;
int g_report_fd = -1;
bool g_color = false;
u32 g_reported = 0;
u32 g_suppressed = 0;
SuppressionList g_suppressions;
// JSON reports that could not be written to report_path (disk full, ...), and why the first
// one failed; said once, at the end (PrintSummary).
u32 g_unsaved = 0;
int g_unsaved_errno = 0;
bool g_unsaved_told = false;

int OpenForAppend(const char *path, const char *what) {
  // A raw system call: the runtime's own files are not the program's (the open interceptor).
  int fd = int(syscall(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (fd < 0) Die("cannot open %s '%s': %s", what, path, strerror(errno));
  return fd;
}
}  // namespace

void InitReportOutput() {
  const Options &o = Flags();
  if (o.report_path) g_report_fd = OpenForAppend(o.report_path, "report_path");
  if (o.log_path) g_log_fd = OpenForAppend(o.log_path, "log_path");
  if (o.suppressions) {
    char error[512];
    if (!g_suppressions.LoadFile(o.suppressions, error, sizeof(error)))
      Die("suppressions: %s", error);
  }
  const char *no_color = getenv("NO_COLOR");
  switch (o.color) {
    case ColorMode::kAlways: g_color = true; break;
    case ColorMode::kNever: g_color = false; break;
    case ColorMode::kAuto: g_color = isatty(g_log_fd) && !(no_color && *no_color); break;
  }
}

void OutputReport(Report *report) {
  report->suppressed_by = g_suppressions.Match(*report);
  report->suppressed = report->suppressed_by != nullptr;
  TextBuffer text, json;
  if (!report->suppressed) {
    ReportTextOptions options;
    options.color = g_color;
    options.show_source = Flags().show_source;
    options.show_system_frames = Flags().show_system_frames;
    RenderReportText(*report, options, &text);
  }
  if (g_report_fd >= 0) RenderReportJson(*report, &json);
  bool halt;
  {
    SpinLockGuard guard(g_output_mu);
    if (report->suppressed) ++g_suppressed;
    else ++g_reported;
    if (text.size()) WriteAll(g_log_fd, text.data(), text.size());
    if (json.size() && !WriteAll(g_report_fd, json.data(), json.size())) {
      if (!g_unsaved++) g_unsaved_errno = errno;
    }
    halt = Flags().halt_on_error && !report->suppressed;
  }
  FreeReport(report);
  if (halt) {
    PrintSummary();
    RawExit(ExitStatusFor(0));
  }
}

u32 ReportedCount() {
  SpinLockGuard guard(g_output_mu);
  return g_reported;
}
u32 SuppressedCount() {
  SpinLockGuard guard(g_output_mu);
  return g_suppressed;
}

int ExitStatusFor(int status) {
  if (ReportedCount() && Flags().exitcode) return Flags().exitcode;
  return status;
}

void PrintSummary() {
  ScopedRuntimeInternal internal;
  u32 reported = ReportedCount(), suppressed = SuppressedCount();
  if (!reported && !suppressed) return;
  char line[160];
  int n = snprintf(line, sizeof(line), "racelight: %u report%s", reported,
                   reported == 1 ? "" : "s");
  if (suppressed) n += snprintf(line + n, sizeof(line) - size_t(n), " (%u suppressed)", suppressed);
  n += snprintf(line + n, sizeof(line) - size_t(n), "\n");
  SpinLockGuard guard(g_output_mu);
  WriteAll(g_log_fd, line, size_t(n));
  if (g_unsaved && !g_unsaved_told) {
    // On stderr whatever log_path says: the JSON file is what tools read, its loss must
    // not go unnoticed.
    g_unsaved_told = true;
    char warning[4200];
    int w = snprintf(warning, sizeof(warning),
                     "racelight: cannot write reports to %s: %s; %u report%s not saved\n",
                     Flags().report_path ? Flags().report_path : "the report file",
                     strerror(g_unsaved_errno), g_unsaved, g_unsaved == 1 ? "" : "s");
    if (w > 0) WriteAll(2, warning, size_t(w) < sizeof(warning) ? size_t(w) : sizeof(warning) - 1);
  }
}

void PrintNote(const char *line) {
  SpinLockGuard guard(g_output_mu);
  WriteAll(g_log_fd, line, strlen(line));
}

void ReportOutputAfterForkChild() {
  g_output_mu.ResetAfterFork();
  g_reported = 0;
  g_suppressed = 0;
  g_unsaved = 0;
  g_unsaved_told = false;
}

}  // namespace rl
