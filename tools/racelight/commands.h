// The subcommands of `racelight` and what they share. main.cc parses the command line into
// CommandOptions and calls one of these; each returns the process exit status.
#pragma once

#include <string>
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
// Prints problems met reading report files: the first 20, then how many more there were.
void print_load_errors(const std::vector<std::string>& errors);

// Whether to colour text written to `fd` (a terminal, NO_COLOR unset or empty, TERM not dumb).
bool want_color(ColorMode mode, int fd);

// Fingerprints, applies suppressions, merges duplicates and (with a baseline) keeps only the
// new reports; fills the summary.
ReportSet process_reports(std::vector<Report> reports, const Suppressions& suppressions,
                          const Baseline* baseline);

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
