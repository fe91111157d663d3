// The report model (docs/report-format.md) and loading of JSON Lines report files.
//
// Rendering is generic: every report is a kind, a message and a list of events with stacks,
// so kinds the runtime adds later are shown without changes here. The original JSON object
// is kept so fields this tool does not know survive `--format json`.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace racelight {

struct Frame {
  std::string function;
  std::string file;
  int64_t line = 0;    // 0: no debug info
  int64_t column = 0;  // 0: unknown
  bool system = false;  // "system": true, set by the runtime for system-header code
};

struct Event {
  std::string role;
  bool has_thread = false;
  int64_t thread = 0;
  std::string description;
  std::vector<Frame> stack;  // innermost first
  bool stack_truncated = false;  // "stack_truncated": true, the runtime cut the stack
  bool stack_unknown = false;    // "stack_unknown": true, the access's location was lost
};

struct Report {
  nlohmann::json raw;  // the object as read
  std::string kind;
  std::string subkind;
  std::string message;
  std::vector<Event> events;

  bool suppressed = false;      // by the runtime ("suppressed": true) or a suppression file
  std::string suppressed_by;    // "type:pattern" of the suppression that matched, if any
  std::string fingerprint;      // see fingerprint.h
  std::string origin;           // "file:line" of its first occurrence
  size_t occurrences = 1;       // how many times it was seen (after merging duplicates)
  size_t source_bytes = 0;      // length of the line it was read from (memory accounting)
  std::vector<int64_t> pids;    // distinct processes that reported it
};

// Builds a Report from one parsed JSON value. False (with a reason) when it does not follow
// the schema: not an object, no string `kind`, fields of the wrong type.
bool report_from_json(const nlohmann::json& j, Report& out, std::string& error);

// The deepest nesting of arrays and objects accepted in a report line. Reports are a few
// levels deep; a line nested much deeper is refused before parsing, since rendering or
// hashing such a value recurses once per level (100,000 levels overflowed the stack).
constexpr int kMaxJsonDepth = 100;

// Parses one line of a JSON Lines file.
bool parse_report_line(const std::string& line, Report& out, std::string& error);

// At most this many malformed lines are listed per file; the rest are counted in one more
// message ("N more malformed lines not listed"), so garbage input prints a bounded number of
// errors and keeps a bounded number in memory.
constexpr size_t kMaxErrorsPerFile = 20;

using ReportSink = std::function<void(Report&&)>;

// Reads the reports of `path` ("-" reads standard input) one line at a time, handing each to
// `sink` as soon as it is parsed: memory does not grow with the file. Problems are appended
// to `errors` as for load_report_file. False if any problem was found.
bool read_report_stream(const std::string& path, const ReportSink& sink,
                        std::vector<std::string>& errors);

// Appends the reports of `path` ("-" reads standard input) to `out`. Each problem is appended
// to `errors` as a one-line message naming the file (and line for malformed lines); the good
// lines of a file with bad ones are still loaded. Returns false if any problem was found.
bool load_report_file(const std::string& path, std::vector<Report>& out,
                      std::vector<std::string>& errors);

// Same for text already in memory (named `name` in messages).
bool load_report_text(const std::string& text, const std::string& name, std::vector<Report>& out,
                      std::vector<std::string>& errors);

// Frames of a stack found elsewhere in a report (variable.allocation_stack,
// threads[].creation_stack). Lenient: entries of the wrong shape are skipped.
std::vector<Frame> frames_from_json(const nlohmann::json& stack);

// A frame outside the user's code: marked "system" by the runtime, or in a system header or
// library directory (/usr/include, /usr/lib, ...), or a Racelight runtime function.
bool is_system_frame(const Frame& frame);

// The frame that best names where the user's code was: the first non-system frame with a
// line, else the first frame with a line, else the first frame; nullptr for an empty stack.
const Frame* top_user_frame(const Event& event);

// Index of the event whose top user frame gives the report's location: the first event
// (events[0] is the primary one) whose top user frame has a line. -1 when none has one.
int primary_event_index(const Report& report);

// Merges reports with the same fingerprint (fingerprints must be set): the first occurrence
// is kept, `occurrences` and `pids` accumulate, and the result is suppressed only when every
// occurrence was. Order of first occurrences is preserved.
std::vector<Report> merge_duplicates(std::vector<Report> reports);

// The report as normalized JSON: every schema field present with its default, unknown fields
// kept, plus `fingerprint`, `occurrences` and (when suppressed) `suppressed`/`suppressed_by`.
nlohmann::json normalized_json(const Report& report);

}  // namespace racelight
