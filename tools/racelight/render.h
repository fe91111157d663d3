// Output formats and what they share: options, the summary counts, the dispatcher.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "report.h"

namespace racelight {

enum class Format { kText, kJson, kSarif, kJunit, kSummary, kHtml };

// Parses "text", "json", "sarif", "junit", "summary", "html".
bool parse_format(const std::string& name, Format& out);

struct RenderOptions {
  bool color = false;        // ANSI colour (text format only)
  bool show_source = true;   // quote the source line with a caret (text, junit, html)
  bool show_system_frames = false;  // false: fold runs of system frames (text, junit, html)
  std::string source_root;   // absolute; paths under it are shown relative to it
};

// Counts for the closing summary. Reports are counted after merging duplicates.
struct Summary {
  std::vector<std::pair<std::string, size_t>> per_kind;  // shown reports, by kind
  size_t reports = 0;      // shown reports
  size_t occurrences = 0;  // their occurrences before merging
  size_t suppressed = 0;   // reports hidden by a suppression (or by the runtime)
  // Filled by `gate` / `run --baseline` only.
  bool has_baseline = false;
  size_t known = 0;  // reports also in the baseline (not shown)
  size_t fixed = 0;  // baseline reports not seen any more
};

// `shown` are the reports to render; `all` includes the suppressed ones (for `json`).
// `omitted_kinds` counts, by kind, the distinct reports to show that were not kept in full
// (over kMaxKeptReports, commands.h): they are in the summary's counts but not rendered.
struct ReportSet {
  std::vector<Report> shown;
  std::vector<Report> all;
  std::map<std::string, size_t> omitted_kinds;
  size_t omitted_occurrences = 0;
  Summary summary;
};

// At most this many results go into a SARIF log, and test cases into a JUnit file (GitHub
// code scanning shows at most 5,000 results per run anyway); the number left out is in
// run.properties.omittedCount (SARIF) and the `omitted` property (JUnit).
constexpr size_t kMaxOutputResults = 1000;

// Builds the per-kind counts of `set.shown` plus `set.omitted_kinds`, in a stable order
// (known kinds first).
void count_kinds(ReportSet& set);

// Renders the whole set in `format`.
std::string render(Format format, const ReportSet& set, const RenderOptions& options);

// JSON Lines: every report (suppressed ones marked), normalized, one per line.
std::string render_json_lines(const std::vector<Report>& reports);

// The `summary` format: "kind: count" lines, then total, occurrences, suppressed.
std::string render_summary(const Summary& summary);

}  // namespace racelight
