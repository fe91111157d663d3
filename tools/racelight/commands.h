// The subcommands of `racelight` and what they share. main.cc parses the command line into
// CommandOptions and calls one of these; each returns the process exit status.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "baseline.h"
#include "render.h"
#include "report.h"
#include "suppressions.h"

namespace racelight {

// Exit statuses.
constexpr int kExitClean = 0;
constexpr int kExitReports = 66;         // unsuppressed (new) reports: run, gate
constexpr int kExitError = 2;            // bad usage or input: report, gate, baseline, helpers
constexpr int kExitRunError = 125;       // run: racelight itself failed
constexpr int kExitCannotExecute = 126;  // run: PROGRAM exists but cannot be executed
constexpr int kExitNotFound = 127;       // run: PROGRAM not found

enum class ColorMode { kAuto, kAlways, kNever };

struct CommandOptions {
  Format format = Format::kText;
  bool format_given = false;
  std::string output = "-";                // "-": standard output (run: standard error)
  std::vector<std::string> suppressions;   // --suppressions, may repeat
  std::string source_root;                 // "" = current directory
  bool show_source = true;
  bool show_system_frames = false;
  ColorMode color = ColorMode::kAuto;
  std::string baseline;                    // "" = none
  std::string keep_reports;                // run: directory, "" = delete
  std::vector<std::string> args;           // report files, or run's PROGRAM ARGS...
};

// "racelight: error: <message>" on standard error.
void print_error(const std::string& message);
void print_warning(const std::string& message);
// Prints problems met reading report files (at most kMaxErrorsPerFile + 1 per file).
void print_load_errors(const std::vector<std::string>& errors);

// Whether to colour text written to `fd` (a terminal, NO_COLOR unset or empty, TERM not dumb).
bool want_color(ColorMode mode, int fd);

// At most this many distinct reports (after merging duplicates) are kept in full. Past it a
// new distinct report is only counted (fingerprint, kind, suppressed, occurrences), so the
// counts, the baseline comparison and the exit status stay exact; it is not rendered.
constexpr size_t kMaxKeptReports = 5000;
// Nor more than this much report text (the JSON lines they were read from; parsed, a report
// takes about 15 times its text), so that a few huge reports cannot exhaust memory either.
constexpr size_t kMaxKeptReportBytes = 16 << 20;
// At most this many further distinct fingerprints are remembered for deduplication; past it
// further distinct reports are counted once per occurrence (about 200 bytes each: 50 MB).
constexpr size_t kMaxTrackedFingerprints = 250000;

// Reports fed one at a time (as a file is read): each is fingerprinted, suppressed or not,
// and merged with earlier occurrences at once, so memory grows with the distinct reports
// kept (bounded by kMaxKeptReports), not with the input.
class ReportCollector {
 public:
  explicit ReportCollector(const Suppressions& suppressions) : suppressions_(suppressions) {}
  void add(Report&& report);
  // Fills the set (and, with a baseline, keeps only the new reports) and the summary.
  ReportSet finish(const Baseline* baseline);

 private:
  struct Counted {
    std::string kind;
    bool suppressed;
    size_t occurrences;
  };
  const Suppressions& suppressions_;
  std::vector<Report> kept_;
  size_t kept_bytes_ = 0;
  std::unordered_map<std::string, size_t> index_;      // fingerprint -> kept_ index
  std::unordered_map<std::string, Counted> counted_;  // distinct reports past the limit
  std::map<std::string, size_t> untracked_;            // kind -> occurrences past both limits
};

// Fingerprints, applies suppressions, merges duplicates and (with a baseline) keeps only the
// new reports; fills the summary.
ReportSet process_reports(std::vector<Report> reports, const Suppressions& suppressions,
                          const Baseline* baseline);

// Warns on standard error when the set counts reports it does not hold (see kMaxKeptReports).
void warn_omitted(const ReportSet& set);

// Loads each --suppressions file; false (with an error printed) on the first problem.
bool load_suppressions(const std::vector<std::string>& files, Suppressions& out);

// Writes `text` to `path` ("-": `fallback_fd`). False (error printed) when it cannot.
bool write_output(const std::string& path, const std::string& text, int fallback_fd);

// Checks that `path` can be written (creating it) before work starts; error printed if not.
bool check_output_writable(const std::string& path);

RenderOptions render_options(const CommandOptions& options, int fd);

int cmd_report(const CommandOptions& options);
int cmd_gate(const CommandOptions& options);
int cmd_baseline(const CommandOptions& options);
int cmd_run(const CommandOptions& options);  // run.cc

}  // namespace racelight
