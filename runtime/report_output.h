// Where reports go: text to stderr (or log_path), JSON Lines to report_path, both written
// with one write(2) per report the moment the report is complete, so a crash or _exit()
// afterwards loses nothing. Also counts reports for the exit status, and applies
// suppressions.
//
// Thread-safety: OutputReport may be called from any thread; output is serialized by an
// internal mutex so reports never interleave. It must not be called with any detector
// lock held (record under the lock, report after releasing it).
#ifndef RACELIGHT_REPORT_OUTPUT_H
#define RACELIGHT_REPORT_OUTPUT_H

#include "defs.h"
#include "diagnostics.h"

namespace rl {

struct Report;

// Opens report_path/log_path and loads suppressions; dies with a clear message if any of
// them cannot be used.
void InitReportOutput();

// Renders and writes `report` (unless suppressed, which is written to the JSON file marked
// "suppressed" and counted), then frees it.
void OutputReport(Report *report);

u32 ReportedCount();    // unsuppressed reports so far
u32 SuppressedCount();

// The exit status the process should end with given the program's own `status`.
int ExitStatusFor(int status);
// Writes the end-of-run summary line (only when something was reported).
void PrintSummary();
// Writes one line (ending in a newline) to the text log (stderr, or log_path), between
// reports.
void PrintNote(const char *line);
// In a forked child: unlocks the output lock and starts the child's own report count (its
// exit status says whether the child reported); the report and log files are shared.
void ReportOutputAfterForkChild();


}  // namespace rl

#endif  // RACELIGHT_REPORT_OUTPUT_H
