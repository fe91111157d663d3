// libFuzzer target: the `racelight` tool's report reader (JSON Lines, tools/racelight/
// report.cc) and everything a read report goes through: fingerprints, suppressions,
// merging, and each output format (text, JSON Lines, SARIF, JUnit, HTML, summary).
#include <stddef.h>
#include <stdint.h>

#include <string>
#include <vector>

#include "../../tools/racelight/commands.h"
#include "../../tools/racelight/render.h"
#include "../../tools/racelight/report.h"
#include "../../tools/racelight/suppressions.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);
  std::vector<racelight::Report> reports;
  std::vector<std::string> errors;
  racelight::load_report_text(text, "fuzz.jsonl", reports, errors);
  if (errors.size() > 2 * racelight::kMaxErrorsPerFile) __builtin_trap();  // the cap holds

  static racelight::Suppressions *suppressions = [] {
    auto *s = new racelight::Suppressions();
    std::string error;
    s->parse("race:^ignored_fn$\ndeadlock:legacy.c\n", "fuzz.supp", error);
    return s;
  }();
  racelight::ReportSet set = racelight::process_reports(std::move(reports), *suppressions, nullptr);
  racelight::RenderOptions options;
  options.source_root = "/src";
  options.show_source = false;  // no file system access per input
  for (racelight::Format f : {racelight::Format::kText, racelight::Format::kJson,
                              racelight::Format::kSarif, racelight::Format::kJunit,
                              racelight::Format::kHtml, racelight::Format::kSummary})
    racelight::render(f, set, options);
  return 0;
}
