#include "report.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unordered_map>

using nlohmann::json;

namespace racelight {
namespace {

// Reads an optional field of type string. False when present with another type.
bool get_string(const json& obj, const char* key, std::string& out, std::string& error,
                const std::string& where) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_string()) {
    error = where + "'" + key + "' must be a string";
    return false;
  }
  out = it->get<std::string>();
  return true;
}

bool get_integer(const json& obj, const char* key, int64_t& out, bool* present,
                 std::string& error, const std::string& where) {
  auto it = obj.find(key);
  if (present) *present = false;
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_number_integer() && !it->is_number_unsigned()) {
    error = where + "'" + key + "' must be an integer";
    return false;
  }
  out = it->get<int64_t>();
  if (present) *present = true;
  return true;
}

bool parse_frame(const json& j, Frame& frame, std::string& error, const std::string& where) {
  if (!j.is_object()) {
    error = where + "is not an object";
    return false;
  }
  if (!get_string(j, "function", frame.function, error, where) ||
      !get_string(j, "file", frame.file, error, where) ||
      !get_integer(j, "line", frame.line, nullptr, error, where) ||
      !get_integer(j, "column", frame.column, nullptr, error, where))
    return false;
  auto system = j.find("system");
  if (system != j.end() && !system->is_null()) {
    if (!system->is_boolean()) {
      error = where + "'system' must be a boolean";
      return false;
    }
    frame.system = system->get<bool>();
  }
  return true;
}

bool parse_event(const json& j, Event& event, std::string& error, const std::string& where) {
  if (!j.is_object()) {
    error = where + "is not an object";
    return false;
  }
  if (!get_string(j, "role", event.role, error, where) ||
      !get_string(j, "description", event.description, error, where) ||
      !get_integer(j, "thread", event.thread, &event.has_thread, error, where))
    return false;
  auto stack = j.find("stack");
  if (stack != j.end() && !stack->is_null()) {
    if (!stack->is_array()) {
      error = where + "'stack' must be an array";
      return false;
    }
    for (size_t i = 0; i < stack->size(); ++i) {
      Frame frame;
      if (!parse_frame((*stack)[i], frame, error, where + "stack[" + std::to_string(i) + "] "))
        return false;
      event.stack.push_back(std::move(frame));
    }
  }
  auto truncated = j.find("stack_truncated");
  if (truncated != j.end() && !truncated->is_null()) {
    if (!truncated->is_boolean()) {
      error = where + "'stack_truncated' must be a boolean";
      return false;
    }
    event.stack_truncated = truncated->get<bool>();
  }
  auto unknown = j.find("stack_unknown");
  if (unknown != j.end() && !unknown->is_null()) {
    if (!unknown->is_boolean()) {
      error = where + "'stack_unknown' must be a boolean";
      return false;
    }
    event.stack_unknown = unknown->get<bool>();
  }
  return true;
}

}  // namespace

bool report_from_json(const json& j, Report& out, std::string& error) {
  if (!j.is_object()) {
    error = "a report must be a JSON object";
    return false;
  }
  Report r;
  auto kind = j.find("kind");
  if (kind == j.end() || !kind->is_string() || kind->get<std::string>().empty()) {
    error = "missing or empty string field 'kind'";
    return false;
  }
  r.kind = kind->get<std::string>();
  if (!get_string(j, "subkind", r.subkind, error, "") ||
      !get_string(j, "message", r.message, error, ""))
    return false;
  if (r.message.empty()) r.message = r.kind;
  auto events = j.find("events");
  if (events != j.end() && !events->is_null()) {
    if (!events->is_array()) {
      error = "'events' must be an array";
      return false;
    }
    for (size_t i = 0; i < events->size(); ++i) {
      Event e;
      if (!parse_event((*events)[i], e, error, "events[" + std::to_string(i) + "] ")) return false;
      r.events.push_back(std::move(e));
    }
  }
  auto suppressed = j.find("suppressed");
  if (suppressed != j.end() && !suppressed->is_null()) {
    if (!suppressed->is_boolean()) {
      error = "'suppressed' must be a boolean";
      return false;
    }
    r.suppressed = suppressed->get<bool>();
  }
  if (r.suppressed) {
    auto it = j.find("suppressed_by");
    if (it != j.end() && it->is_string()) r.suppressed_by = it->get<std::string>();
  }
  auto occ = j.find("occurrences");
  if (occ != j.end() && occ->is_number_unsigned() && occ->get<uint64_t>() > 0)
    r.occurrences = occ->get<uint64_t>();
  auto pid = j.find("pid");
  if (pid != j.end() && pid->is_number_integer()) r.pids.push_back(pid->get<int64_t>());
  auto pids = j.find("pids");
  if (pids != j.end() && pids->is_array())
    for (const auto& p : *pids)
      if (p.is_number_integer() &&
          std::find(r.pids.begin(), r.pids.end(), p.get<int64_t>()) == r.pids.end())
        r.pids.push_back(p.get<int64_t>());
  r.raw = j;
  out = std::move(r);
  return true;
}

namespace {

// The column (1-based) where `line` opens its (kMaxJsonDepth + 1)-th nested array or object,
// or 0 if it never goes that deep. Brackets inside strings do not count; malformed input is
// left to the parser.
size_t too_deep_at(const std::string& line) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i + 1;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return 0;
}

}  // namespace

bool parse_report_line(const std::string& line, Report& out, std::string& error) {
  if (size_t column = too_deep_at(line)) {
    error = "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels (at column " +
            std::to_string(column) + ")";
    return false;
  }
  json j;
  try {
    j = json::parse(line);
  } catch (const json::exception& e) {
    // Any parser error: parse_error, and out_of_range for a number too large for a double
    // (found by fuzz_report_reader; it ended the tool with an uncaught exception).
    // "[json.exception.parse_error.101] parse error at line 1, column 5: ..." -> after "] "
    std::string what = e.what();
    size_t close = what.find("] ");
    if (close != std::string::npos) what = what.substr(close + 2);
    // The parser quotes the token it stopped in, which can be most of a garbage line.
    constexpr size_t kMaxMessage = 300;
    if (what.size() > kMaxMessage) what = what.substr(0, kMaxMessage) + "...";
    error = "malformed JSON: " + what;
    return false;
  }
  return report_from_json(j, out, error);
}

namespace {

// Reads `in` one line at a time and hands each report to `sink`; see read_report_stream.
bool read_lines(std::istream& in, const std::string& name, const ReportSink& sink,
                std::vector<std::string>& errors) {
  size_t lineno = 0, problems = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    Report r;
    std::string error;
    if (!parse_report_line(line, r, error)) {
      if (++problems <= kMaxErrorsPerFile)
        errors.push_back(name + ":" + std::to_string(lineno) + ": " + error);
      continue;
    }
    r.origin = name + ":" + std::to_string(lineno);
    r.source_bytes = line.size();
    sink(std::move(r));
  }
  if (problems > kMaxErrorsPerFile)
    errors.push_back(name + ": " + std::to_string(problems - kMaxErrorsPerFile) +
                     " more malformed lines not listed (" + std::to_string(problems) +
                     " in all)");
  return problems == 0;
}

}  // namespace

bool read_report_stream(const std::string& path, const ReportSink& sink,
                        std::vector<std::string>& errors) {
  if (path == "-") return read_lines(std::cin, "<stdin>", sink, errors);
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    errors.push_back("cannot read report file '" + path + "': " + std::strerror(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    errors.push_back("cannot read report file '" + path + "': Is a directory");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back("cannot read report file '" + path + "': " + std::strerror(errno));
    return false;
  }
  return read_lines(in, path, sink, errors);
}

bool load_report_text(const std::string& text, const std::string& name, std::vector<Report>& out,
                      std::vector<std::string>& errors) {
  std::istringstream in(text);
  return read_lines(in, name, [&](Report&& r) { out.push_back(std::move(r)); }, errors);
}

bool load_report_file(const std::string& path, std::vector<Report>& out,
                      std::vector<std::string>& errors) {
  return read_report_stream(path, [&](Report&& r) { out.push_back(std::move(r)); }, errors);
}

std::vector<Frame> frames_from_json(const json& stack) {
  std::vector<Frame> frames;
  if (!stack.is_array()) return frames;
  for (const auto& f : stack) {
    Frame frame;
    std::string error;
    if (parse_frame(f, frame, error, "")) frames.push_back(std::move(frame));
  }
  return frames;
}

bool is_system_frame(const Frame& frame) {
  if (frame.system) return true;
  static const char* const kSystemDirs[] = {"/usr/include/", "/usr/lib/", "/usr/local/include/",
                                            "/lib/", "/usr/src/debug/"};
  for (const char* dir : kSystemDirs)
    if (frame.file.compare(0, std::strlen(dir), dir) == 0) return true;
  static const char* const kRuntimePrefixes[] = {"__rl_", "__racelight", "racelight::",
                                                 "__interceptor_"};
  for (const char* p : kRuntimePrefixes)
    if (frame.function.compare(0, std::strlen(p), p) == 0) return true;
  return false;
}

const Frame* top_user_frame(const Event& event) {
  for (const Frame& f : event.stack)
    if (f.line > 0 && !is_system_frame(f)) return &f;
  for (const Frame& f : event.stack)
    if (f.line > 0) return &f;
  return event.stack.empty() ? nullptr : &event.stack.front();
}

int primary_event_index(const Report& report) {
  for (size_t i = 0; i < report.events.size(); ++i) {
    const Frame* f = top_user_frame(report.events[i]);
    if (f && f->line > 0) return static_cast<int>(i);
  }
  return -1;
}

std::vector<Report> merge_duplicates(std::vector<Report> reports) {
  std::vector<Report> merged;
  std::unordered_map<std::string, size_t> index;
  for (Report& r : reports) {
    auto it = index.find(r.fingerprint);
    if (it == index.end()) {
      index.emplace(r.fingerprint, merged.size());
      merged.push_back(std::move(r));
      continue;
    }
    Report& first = merged[it->second];
    first.occurrences += r.occurrences;
    for (int64_t pid : r.pids)
      if (std::find(first.pids.begin(), first.pids.end(), pid) == first.pids.end())
        first.pids.push_back(pid);
    if (!r.suppressed && first.suppressed) {
      // A visible occurrence wins: keep its data, but keep the accumulated counts.
      size_t occurrences = first.occurrences;
      std::vector<int64_t> pids = first.pids;
      std::string origin = first.origin;
      first = std::move(r);
      first.occurrences = occurrences;
      first.pids = std::move(pids);
      first.origin = origin;
    }
  }
  return merged;
}

json normalized_json(const Report& report) {
  json out = report.raw.is_object() ? report.raw : json::object();
  out["kind"] = report.kind;
  out["subkind"] = report.subkind;
  out["message"] = report.message;
  json events = json::array();
  const json* raw_events = nullptr;
  auto it = report.raw.find("events");
  if (it != report.raw.end() && it->is_array()) raw_events = &*it;
  for (size_t i = 0; i < report.events.size(); ++i) {
    const Event& e = report.events[i];
    json ev = (raw_events && i < raw_events->size() && (*raw_events)[i].is_object())
                  ? (*raw_events)[i]
                  : json::object();
    ev["role"] = e.role;
    if (e.has_thread) ev["thread"] = e.thread;
    ev["description"] = e.description;
    json stack = json::array();
    for (const Frame& f : e.stack) {
      json frame = {{"function", f.function}, {"file", f.file}, {"line", f.line},
                    {"column", f.column}};
      if (f.system) frame["system"] = true;
      stack.push_back(std::move(frame));
    }
    ev["stack"] = std::move(stack);
    if (e.stack_truncated) ev["stack_truncated"] = true;
    else ev.erase("stack_truncated");
    if (e.stack_unknown) ev["stack_unknown"] = true;
    else ev.erase("stack_unknown");
    events.push_back(std::move(ev));
  }
  out["events"] = std::move(events);
  if (report.suppressed) {
    out["suppressed"] = true;
    if (!report.suppressed_by.empty()) out["suppressed_by"] = report.suppressed_by;
  } else {
    out.erase("suppressed");
    out.erase("suppressed_by");
  }
  out["fingerprint"] = report.fingerprint;
  out["occurrences"] = report.occurrences;
  if (report.pids.size() > 1) out["pids"] = report.pids;
  return out;
}

}  // namespace racelight
