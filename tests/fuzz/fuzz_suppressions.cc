// libFuzzer target: the suppressions parsers, the runtime's (runtime/suppressions.cc, read
// at start-up from suppressions=FILE) and the `racelight` tool's
// (tools/racelight/suppressions.cc), and their matching against a fixed report.
// Each input's runtime list is cleared after use: it used to be left allocated (the runtime's
// list lives for the whole process), so memory grew with every input until a long run ended
// out of memory, and leaks could not be checked.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <string>

#include "report.h"
#include "suppressions.h"
#include "../../tools/racelight/suppressions.h"

namespace {

rl::Report *RuntimeReport() {
  static rl_site sites[2] = {{"worker_thread", "/src/app/worker.c", 12, 3, 0, 0},
                             {"main", "/usr/include/c++/12/bits/std_mutex.h", 40, 1, 0, 0}};
  static rl::Report *r = [] {
    rl::Report *rep = new rl::Report();
    rep->kind = "data-race";
    rep->variable.name = "counter";
    rl::ReportEvent *e = rep->AddEvent("current-access", 1);
    e->stack.Push(&sites[0]);
    e->stack.Push(&sites[1]);
    return rep;
  }();
  return r;
}

racelight::Report ToolReport(const std::string &kind) {
  racelight::Report r;
  r.kind = kind;
  racelight::Event e;
  e.role = "current-access";
  e.stack.push_back({"worker_thread", "/src/app/worker.c", 12, 3, false});
  e.stack.push_back({"std::mutex::lock", "/usr/include/c++/12/bits/std_mutex.h", 40, 1, true});
  r.events.push_back(e);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string text(reinterpret_cast<const char *>(data), size);

  // The runtime's parser stops at the first NUL, like the file reader.
  rl::SuppressionList list;
  char error[512];
  if (list.Parse(text.c_str(), "fuzz.supp", error, sizeof(error))) {
    list.Match(*RuntimeReport());
  } else if (strnlen(error, sizeof(error)) == 0) {
    __builtin_trap();
  }
  list.Clear();
  // The pattern matcher alone: the first line is a pattern, the rest a text.
  size_t nl = text.find('\n');
  std::string pattern = text.substr(0, nl), subject = nl == std::string::npos ? "" : text.substr(nl + 1);
  rl::SuppressionPatternMatches(pattern.c_str(), subject.c_str());

  racelight::Suppressions tool;
  std::string tool_error;
  if (tool.parse(text, "fuzz.supp", tool_error)) {
    for (const char *kind : {"data-race", "deadlock", "lock-order-inversion", "mutex-misuse"})
      tool.match(ToolReport(kind));
  } else if (tool_error.empty()) {
    __builtin_trap();
  }
  racelight::template_match(pattern, subject);
  return 0;
}
