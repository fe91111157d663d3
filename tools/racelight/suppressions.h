// Suppression files in ThreadSanitizer's syntax.
//
//   # comment
//   race:counter_*            a line is  type:pattern
//   deadlock:^legacy_lock$    ^ anchors at the start, $ at the end, * matches anything;
//                             without anchors the pattern may match anywhere (substring)
//
// Types and the report kinds they apply to:
//   race             data-race (and kinds starting with "race")
//   race_top         data-race, matching only the innermost frame of each event
//   deadlock         deadlock, lock-order-inversion
//   mutex            mutex-misuse (and kinds starting with "mutex")
//   thread           kinds starting with "thread" (e.g. a future thread-leak)
//   signal           kinds starting with "signal"
//   called_from_lib  any kind; matched against the file paths of frames and `program` only
// Patterns are matched against the function and file of every frame of every event, the
// `variable` name and file, and the variable's allocation stack. Any other type is an error.
#pragma once

#include <string>
#include <vector>

#include "report.h"

namespace racelight {

struct Suppression {
  std::string type;
  std::string pattern;  // as written, anchors included
  std::string source;   // "file:line"
};

// TSan-style template match: '*' wildcards, leading '^' / trailing '$' anchors, otherwise a
// substring match.
bool template_match(const std::string& pattern, const std::string& text);

// Whether suppression `type` applies to reports of `kind`.
bool suppression_type_applies(const std::string& type, const std::string& kind);

class Suppressions {
 public:
  // Parses suppression text; `name` is used in error messages. On error returns false with
  // a one-line message "name:line: ...".
  bool parse(const std::string& text, const std::string& name, std::string& error);
  // Reads and parses a file; errors name the file ("cannot read suppressions file ...").
  bool load_file(const std::string& path, std::string& error);

  // The first suppression matching the report, or nullptr.
  const Suppression* match(const Report& report) const;

  // Marks matching reports suppressed (reports already suppressed by the runtime stay so).
  void apply(std::vector<Report>& reports) const;

  bool empty() const { return rules_.empty(); }
  const std::vector<Suppression>& rules() const { return rules_; }

 private:
  std::vector<Suppression> rules_;
};

}  // namespace racelight
