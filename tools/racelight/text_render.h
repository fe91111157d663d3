// The text format: each report exactly as the runtime prints it on the terminal
// (runtime/report_view_text.cc renders both), then a summary line.
//
//   ==================
//   src/counter.c:12:5: data-race: data race on global 'counter' (4 bytes)
//      12 |     counter++;
//         |     ^
//     Write of size 4 at 0x7f.. by thread T2 [current-access]:
//       #0 worker src/counter.c:12:5
//     ...
//   SUMMARY: racelight: data-race src/counter.c:12:5 in worker
//   ==================
#pragma once

#include <map>
#include <string>
#include <vector>

#include "render.h"
#include "report.h"

namespace racelight {

class TextRenderer {
 public:
  explicit TextRenderer(const RenderOptions& options) : options_(options) {}

  // One report, exactly as the runtime prints it (plus the fingerprint line).
  std::string report(const Report& report);
  // The closing line, e.g. "racelight: 3 reports (2 data-race, 1 deadlock), 1 suppressed".
  std::string summary_line(const Summary& summary);
  // Every shown report then the summary line.
  std::string render(const ReportSet& set);

  // How a file name is shown: relative to the source root when under it.
  std::string display_path(const std::string& file) const;

 private:
  std::string paint(const char* code, const std::string& text) const;

  RenderOptions options_;
};

}  // namespace racelight
