// The text format: reports shown like compiler diagnostics.
//
//   src/counter.c:12:5: data-race: data race on global 'counter' (4 bytes)
//      12 |     counter++;
//         |     ^
//     Write of size 4 at 0x7f.. by thread 2 [current-access]:
//       #0 worker src/counter.c:12:5
//     ...
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

  // One report, ending with a blank line.
  std::string report(const Report& report);
  // The closing line, e.g. "racelight: 3 reports (2 data-race, 1 deadlock), 1 suppressed".
  std::string summary_line(const Summary& summary);
  // Every shown report then the summary line.
  std::string render(const ReportSet& set);

  // How a file name is shown: relative to the source root when under it.
  std::string display_path(const std::string& file) const;

 private:
  std::string paint(const char* code, const std::string& text) const;
  std::string frame_line(size_t index, const Frame& frame) const;
  std::string location(const Frame& frame) const;
  void stack(std::string& out, const std::vector<Frame>& frames, const char* indent) const;
  // Source line `line` of `file`, false when unreadable.
  bool source_line(const std::string& file, int64_t line, std::string& text);

  RenderOptions options_;
  std::map<std::string, std::vector<std::string>> source_cache_;
  std::map<std::string, bool> source_missing_;
};

}  // namespace racelight
