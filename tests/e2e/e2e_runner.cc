// racelight_e2e_runner: builds one end-to-end test program with the Racelight compiler
// wrappers, runs it, and checks its JSON Lines reports and exit status against the
// expectations written in the program's comments (syntax: tests/e2e/README.md).
//
//   racelight_e2e_runner --cc racelight-cc --cxx racelight-c++ --opt O2 prog.cpp
//   racelight_e2e_runner --check-reports reports.jsonl --status 66 prog.cpp
//
// The second form skips building and running: it checks a given report file and exit status
// (used by the runner's own self-tests in tests/e2e/selftest/).
//
// Exit status: 0 pass, 1 fail, 77 skipped (RACELIGHT-ONLY excludes this opt level),
// 2 bad usage or a malformed test file.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kPass = 0;
constexpr int kFail = 1;
constexpr int kUsage = 2;
constexpr int kSkip = 77;

// ---------------------------------------------------------------------------------------
// Small string helpers

std::string Trim(const std::string &s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> SplitWs(const std::string &s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

std::vector<std::string> SplitComma(const std::string &s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t c = s.find(',', start);
    out.push_back(s.substr(start, c == std::string::npos ? std::string::npos : c - start));
    if (c == std::string::npos) break;
    start = c + 1;
  }
  return out;
}

bool StartsWith(const std::string &s, const std::string &p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

std::string Basename(const std::string &path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Join(const std::vector<std::string> &v, const std::string &sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

bool ParseUnsigned(const std::string &s, long *out) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  *out = std::stol(s);
  return true;
}

// ---------------------------------------------------------------------------------------
// Exit statuses: "66", "signal:SIGABRT", or "any" (for expectations).

struct Status {
  bool signaled = false;
  int value = 0;  // exit code or signal number
};

const std::map<std::string, int> &SignalNames() {
  static const std::map<std::string, int> names = {
      {"SIGHUP", SIGHUP},   {"SIGINT", SIGINT},   {"SIGQUIT", SIGQUIT}, {"SIGILL", SIGILL},
      {"SIGTRAP", SIGTRAP}, {"SIGABRT", SIGABRT}, {"SIGBUS", SIGBUS},   {"SIGFPE", SIGFPE},
      {"SIGKILL", SIGKILL}, {"SIGUSR1", SIGUSR1}, {"SIGSEGV", SIGSEGV}, {"SIGUSR2", SIGUSR2},
      {"SIGPIPE", SIGPIPE}, {"SIGALRM", SIGALRM}, {"SIGTERM", SIGTERM}};
  return names;
}

std::string StatusText(const Status &s) {
  if (!s.signaled) return std::to_string(s.value);
  for (const auto &[name, num] : SignalNames())
    if (num == s.value) return "signal:" + name;
  return "signal:" + std::to_string(s.value);
}

bool ParseStatus(const std::string &text, Status *out) {
  long v;
  if (StartsWith(text, "signal:")) {
    std::string sig = text.substr(7);
    out->signaled = true;
    auto it = SignalNames().find(StartsWith(sig, "SIG") ? sig : "SIG" + sig);
    if (it != SignalNames().end()) {
      out->value = it->second;
      return true;
    }
    if (ParseUnsigned(sig, &v) && v > 0 && v < 65) {
      out->value = int(v);
      return true;
    }
    return false;
  }
  out->signaled = false;
  if (ParseUnsigned(text, &v) && v <= 255) {
    out->value = int(v);
    return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// The test file: directives and @LABEL markers.

const std::set<std::string> kKinds = {"data-race", "deadlock", "lock-order-inversion",
                                      "mutex-misuse"};
const std::set<std::string> kVarTypes = {"global", "heap", "stack", "unknown", "fd"};

struct LineRef {
  int line = 0;       // 0 with any=true
  bool any = false;   // '*': any line, any file
  std::string text;   // as written, for messages
};

struct Expectation {
  int directive_line = 0;  // where it is written, for messages
  std::string text;        // as written
  std::string kind;
  std::optional<std::string> subkind;  // "none": no subkind field
  std::vector<LineRef> lines;          // top frames of events
  std::vector<LineRef> stack;          // first frames of events[0].stack, in order
  std::optional<std::string> var;
  std::optional<std::string> vartype;
  std::optional<long> min_frames;      // of events[0].stack
  std::vector<LineRef> created;        // creation-stack tops of the report's threads
};

struct TestFile {
  std::string path;
  std::string base;  // basename: frames are matched against it
  bool is_cxx = false;
  std::vector<Expectation> expectations;
  bool expect_none = false;
  std::optional<std::vector<Status>> exit;  // allowed statuses
  bool exit_any = false;
  std::vector<std::string> options;
  std::vector<std::string> flags;
  double timeout_s = 20;
  std::set<std::string> only;  // opt levels; empty = all
  std::map<std::string, int> labels;
  // RACELIGHT-OUTPUT: text the program's output must contain, @LABELs already replaced by
  // their line numbers; with the directive's line.
  std::vector<std::pair<std::string, int>> outputs;
};

struct ParseError {
  std::string message;
};

[[noreturn]] void FileError(const TestFile &t, int line, const std::string &msg) {
  throw ParseError{t.path + ":" + std::to_string(line) + ": " + msg};
}

// Finds "// RACELIGHT-NAME: rest" in a source line; returns false if absent.
bool FindDirective(const std::string &line, std::string *name, std::string *rest) {
  size_t pos = 0;
  while ((pos = line.find("//", pos)) != std::string::npos) {
    size_t p = line.find_first_not_of(" \t", pos + 2);
    if (p != std::string::npos && line.compare(p, 10, "RACELIGHT-") == 0) {
      size_t colon = line.find(':', p);
      if (colon == std::string::npos) return false;
      *name = line.substr(p + 10, colon - p - 10);
      *rest = Trim(line.substr(colon + 1));
      return true;
    }
    pos += 2;
  }
  return false;
}

// Markers: "// @NAME" (several allowed: "// @A @B"), anywhere after code on a line.
void FindMarkers(TestFile *t, const std::string &line, int lineno) {
  size_t pos = 0;
  while ((pos = line.find("//", pos)) != std::string::npos) {
    size_t p = line.find_first_not_of(" \t", pos + 2);
    pos += 2;
    if (p == std::string::npos || line[p] != '@') continue;
    for (const std::string &word : SplitWs(line.substr(p))) {
      if (word.size() < 2 || word[0] != '@') break;
      std::string name = word.substr(1);
      for (char c : name)
        if (!isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-')
          FileError(*t, lineno, "bad marker '" + word + "'");
      if (t->labels.count(name))
        FileError(*t, lineno,
                  "marker @" + name + " already defined at line " +
                      std::to_string(t->labels[name]));
      t->labels[name] = lineno;
    }
  }
}

LineRef ResolveLine(const TestFile &t, int lineno, const std::string &word) {
  LineRef ref;
  ref.text = word;
  if (word == "*") {
    ref.any = true;
    return ref;
  }
  long v;
  if (!word.empty() && word[0] == '@') {
    auto it = t.labels.find(word.substr(1));
    if (it == t.labels.end()) FileError(t, lineno, "no marker '// " + word + "' in the file");
    ref.line = it->second;
  } else if (ParseUnsigned(word, &v) && v > 0) {
    ref.line = int(v);
  } else {
    FileError(t, lineno, "bad line reference '" + word + "' (a number, @LABEL or *)");
  }
  return ref;
}

// Parses one RACELIGHT-EXPECT directive. Returns false when it does not apply to `opt`.
bool ParseExpect(TestFile *t, int lineno, const std::string &rest, const std::string &opt) {
  std::vector<std::string> words = SplitWs(rest);
  if (words.empty()) FileError(*t, lineno, "empty RACELIGHT-EXPECT");
  // opt=O0 restricts any expectation line to one optimization level.
  for (auto it = words.begin(); it != words.end();) {
    if (StartsWith(*it, "opt=")) {
      std::string level = it->substr(4);
      if (level != "O0" && level != "O2") FileError(*t, lineno, "opt= takes O0 or O2");
      if (level != opt) return false;
      it = words.erase(it);
    } else {
      ++it;
    }
  }
  if (words.size() == 1 && words[0] == "none") {
    t->expect_none = true;
    return true;
  }
  if (StartsWith(words[0], "exit=")) {
    if (words.size() != 1) FileError(*t, lineno, "exit= must be alone on its line");
    std::string v = words[0].substr(5);
    if (v == "any") {
      t->exit_any = true;
      return true;
    }
    std::vector<Status> allowed;
    for (const std::string &s : SplitComma(v)) {
      Status st;
      if (!ParseStatus(s, &st))
        FileError(*t, lineno, "bad exit status '" + s + "' (N, signal:NAME, or any)");
      allowed.push_back(st);
    }
    t->exit = allowed;
    return true;
  }
  Expectation e;
  e.directive_line = lineno;
  e.text = rest;
  e.kind = words[0];
  if (!kKinds.count(e.kind))
    FileError(*t, lineno, "unknown report kind '" + e.kind + "' (known: " +
                              "data-race, deadlock, lock-order-inversion, mutex-misuse)");
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string &w = words[i];
    size_t eq = w.find('=');
    if (eq == std::string::npos) FileError(*t, lineno, "expected key=value, got '" + w + "'");
    std::string key = w.substr(0, eq), value = w.substr(eq + 1);
    if (value.empty()) FileError(*t, lineno, "empty value for " + key);
    if (key == "lines") {
      for (const std::string &l : SplitComma(value)) e.lines.push_back(ResolveLine(*t, lineno, l));
    } else if (key == "stack") {
      for (const std::string &l : SplitComma(value)) e.stack.push_back(ResolveLine(*t, lineno, l));
    } else if (key == "var") {
      e.var = value;
    } else if (key == "vartype") {
      if (!kVarTypes.count(value))
        FileError(*t, lineno, "vartype is one of global, heap, stack, unknown, fd");
      e.vartype = value;
    } else if (key == "subkind") {
      e.subkind = value;
    } else if (key == "min-frames") {
      long n;
      if (!ParseUnsigned(value, &n)) FileError(*t, lineno, "bad min-frames");
      e.min_frames = n;
    } else if (key == "created") {
      for (const std::string &l : SplitComma(value))
        e.created.push_back(ResolveLine(*t, lineno, l));
    } else {
      FileError(*t, lineno,
                "unknown key '" + key +
                    "' (known: lines, stack, var, vartype, subkind, min-frames, created, opt)");
    }
  }
  if (e.kind == "data-race" && !e.lines.empty() && e.lines.size() != 2)
    FileError(*t, lineno, "a data-race takes exactly two lines= (current and previous access)");
  if (e.kind != "data-race" && (e.var || e.vartype))
    FileError(*t, lineno, "var= and vartype= only apply to data-race");
  t->expectations.push_back(e);
  return true;
}

TestFile ParseTestFile(const std::string &path, const std::string &opt) {
  TestFile t;
  t.path = path;
  t.base = Basename(path);
  std::string ext = fs::path(path).extension().string();
  if (ext == ".cpp" || ext == ".cc" || ext == ".cxx")
    t.is_cxx = true;
  else if (ext != ".c")
    throw ParseError{path + ": test programs are .c or .cpp files"};
  std::ifstream in(path);
  if (!in) throw ParseError{path + ": cannot read: " + strerror(errno)};
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  // Markers first: expectations may name markers defined further down.
  for (size_t i = 0; i < lines.size(); ++i) FindMarkers(&t, lines[i], int(i + 1));
  bool any_expect = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    int lineno = int(i + 1);
    std::string name, rest;
    if (!FindDirective(lines[i], &name, &rest)) continue;
    if (name == "EXPECT") {
      any_expect = true;
      ParseExpect(&t, lineno, rest, opt);
    } else if (name == "OPTIONS") {
      for (const std::string &o : SplitWs(rest)) t.options.push_back(o);
    } else if (name == "FLAGS") {
      for (const std::string &f : SplitWs(rest)) t.flags.push_back(f);
    } else if (name == "TIMEOUT") {
      char *end = nullptr;
      double v = strtod(rest.c_str(), &end);
      if (rest.empty() || *end || v <= 0) FileError(t, lineno, "bad RACELIGHT-TIMEOUT (seconds)");
      t.timeout_s = v;
    } else if (name == "ONLY") {
      for (const std::string &o : SplitWs(rest)) {
        if (o != "O0" && o != "O2") FileError(t, lineno, "RACELIGHT-ONLY takes O0 and/or O2");
        t.only.insert(o);
      }
    } else if (name == "OUTPUT") {
      if (rest.empty()) FileError(t, lineno, "RACELIGHT-OUTPUT needs the text to find");
      std::string text;
      for (size_t k = 0; k < rest.size();) {
        size_t e = k + 1;
        while (rest[k] == '@' && e < rest.size() &&
               (isalnum((unsigned char)rest[e]) || rest[e] == '_'))
          ++e;
        if (rest[k] != '@' || e == k + 1) {
          text += rest[k++];
          continue;
        }
        text += std::to_string(ResolveLine(t, lineno, rest.substr(k, e - k)).line);
        k = e;
      }
      t.outputs.push_back({text, lineno});
    } else {
      FileError(t, lineno, "unknown directive RACELIGHT-" + name +
                               " (known: EXPECT, OPTIONS, FLAGS, TIMEOUT, ONLY, OUTPUT)");
    }
  }
  if (!any_expect)
    throw ParseError{path + ": no RACELIGHT-EXPECT line (write '// RACELIGHT-EXPECT: none' "
                            "for a program that must not report anything)"};
  if (t.expect_none && !t.expectations.empty())
    throw ParseError{path + ": RACELIGHT-EXPECT: none together with expected reports"};
  return t;
}

// ---------------------------------------------------------------------------------------
// Reports

struct Frame {
  std::string function, file;
  long line = 0, column = 0;
  bool system = false;  // "system": true, set by the runtime for system-header code
};

struct Event {
  std::string role;
  long thread = -1;
  std::vector<Frame> stack;
  std::string access_type;  // read/write, or empty
  long access_size = 0;
  bool atomic = false;
};

struct Report {
  int file_line = 0;  // line in the JSONL file
  json raw;
  std::string kind;
  std::optional<std::string> subkind;
  std::string message;
  std::vector<Event> events;
  std::optional<std::string> var_type, var_name;
  bool suppressed = false;
  std::vector<std::vector<Frame>> creation_stacks;  // of `threads`, in order
};

// Checks the documented schema; returns an empty string when the object conforms.
std::string CheckFrame(const json &f) {
  if (!f.is_object()) return "a frame is not an object";
  if (!f.contains("function") || !f["function"].is_string()) return "frame without string 'function'";
  if (!f.contains("file") || !f["file"].is_string()) return "frame without string 'file'";
  if (!f.contains("line") || !f["line"].is_number_integer()) return "frame without integer 'line'";
  if (!f.contains("column") || !f["column"].is_number_integer())
    return "frame without integer 'column'";
  if (f.contains("system") && !f["system"].is_boolean()) return "frame 'system' is not a boolean";
  return "";
}

// Appends the frames of the array `stack` to `out`; an error if a frame does not conform.
std::string ParseStack(const json &stack, std::vector<Frame> *out) {
  for (const json &fj : stack) {
    std::string err = CheckFrame(fj);
    if (!err.empty()) return err;
    out->push_back(Frame{fj["function"].get<std::string>(), fj["file"].get<std::string>(),
                         fj["line"].get<long>(), fj["column"].get<long>(),
                         fj.value("system", false)});
  }
  return "";
}

std::string ParseReport(const json &j, Report *r) {
  if (!j.is_object()) return "not a JSON object";
  auto str = [&](const char *key, bool required, std::string *out) -> std::string {
    if (!j.contains(key)) return required ? std::string("missing '") + key + "'" : "";
    if (!j[key].is_string()) return std::string("'") + key + "' is not a string";
    *out = j[key].get<std::string>();
    return "";
  };
  std::string err;
  if (!(err = str("kind", true, &r->kind)).empty()) return err;
  if (!kKinds.count(r->kind)) return "unknown kind '" + r->kind + "'";
  std::string sub;
  if (!(err = str("subkind", false, &sub)).empty()) return err;
  if (j.contains("subkind")) r->subkind = sub;
  if (!(err = str("message", true, &r->message)).empty()) return err;
  std::string program;
  if (!(err = str("program", true, &program)).empty()) return err;
  if (!j.contains("schema") || !j["schema"].is_number_integer() || j["schema"].get<long>() != 1)
    return "'schema' is not the integer 1";
  if (!j.contains("pid") || !j["pid"].is_number_integer()) return "missing integer 'pid'";
  if (j.contains("suppressed")) {
    if (!j["suppressed"].is_boolean()) return "'suppressed' is not a boolean";
    r->suppressed = j["suppressed"].get<bool>();
  }
  if (!j.contains("events") || !j["events"].is_array() || j["events"].empty())
    return "missing or empty 'events' array";
  for (const json &ej : j["events"]) {
    Event e;
    if (!ej.is_object()) return "an event is not an object";
    if (!ej.contains("role") || !ej["role"].is_string()) return "event without string 'role'";
    e.role = ej["role"].get<std::string>();
    if (!ej.contains("thread") || !ej["thread"].is_number_integer())
      return "event without integer 'thread'";
    e.thread = ej["thread"].get<long>();
    if (!ej.contains("stack") || !ej["stack"].is_array()) return "event without 'stack' array";
    if (!(err = ParseStack(ej["stack"], &e.stack)).empty()) return err;
    if (ej.contains("access")) {
      const json &a = ej["access"];
      if (!a.is_object()) return "'access' is not an object";
      if (!a.contains("type") || !a["type"].is_string() ||
          (a["type"] != "read" && a["type"] != "write" && a["type"] != "free"))
        return "'access.type' is not read, write or free";
      if (!a.contains("size") || !a["size"].is_number_integer()) return "'access.size' missing";
      if (!a.contains("address") || !a["address"].is_string()) return "'access.address' missing";
      if (!a.contains("atomic") || !a["atomic"].is_boolean()) return "'access.atomic' missing";
      e.access_type = a["type"].get<std::string>();
      e.access_size = a["size"].get<long>();
      e.atomic = a["atomic"].get<bool>();
    }
    r->events.push_back(e);
  }
  if (j.contains("threads")) {
    if (!j["threads"].is_array()) return "'threads' is not an array";
    for (const json &tj : j["threads"]) {
      if (!tj.is_object() || !tj.contains("id") || !tj["id"].is_number_integer())
        return "a thread without integer 'id'";
      if (!tj.contains("creation_stack") || !tj["creation_stack"].is_array())
        return "a thread without 'creation_stack' array";
      r->creation_stacks.emplace_back();
      if (!(err = ParseStack(tj["creation_stack"], &r->creation_stacks.back())).empty()) return err;
    }
  }
  if (r->kind == "data-race") {
    if (r->events.size() < 2) return "a data-race needs two events";
    if (r->events[0].role != "current-access") return "data-race events[0] is not 'current-access'";
    if (r->events[1].role != "previous-access")
      return "data-race events[1] is not 'previous-access'";
    for (int i = 0; i < 2; ++i)
      if (r->events[i].access_type.empty()) return "data-race event without 'access'";
    if (!j.contains("variable") || !j["variable"].is_object())
      return "data-race without 'variable' object";
    const json &v = j["variable"];
    if (!v.contains("type") || !v["type"].is_string() || !kVarTypes.count(v["type"]))
      return "'variable.type' is not global, heap, stack, unknown or fd";
    r->var_type = v["type"].get<std::string>();
    if (v.contains("name")) {
      if (!v["name"].is_string()) return "'variable.name' is not a string";
      r->var_name = v["name"].get<std::string>();
    }
  }
  return "";
}

// ---------------------------------------------------------------------------------------
// Matching expectations to reports

struct Matcher {
  const TestFile &t;

  // The frame that gives an event's line for lines=. Data races: stack[0] (the access).
  // Lock kinds: the first frame the runtime did not mark "system", i.e. the user's call of
  // std::mutex::lock() rather than the <mutex> / gthr code it goes through when not inlined
  // (-O0); stack[0] if every frame is a system one. The same rule names a report's site in
  // the runtime's SUMMARY line and in the racelight tool.
  const Frame *SiteFrame(const Report &r, const Event &e) const {
    if (e.stack.empty()) return nullptr;
    if (r.kind != "data-race")
      for (const Frame &f : e.stack)
        if (!f.system) return &f;
    return &e.stack[0];
  }

  bool FrameAt(const Frame &f, const LineRef &ref) const {
    if (ref.any) return true;
    return Basename(f.file) == t.base && f.line == ref.line;
  }

  bool TopAt(const Report &r, const Event &e, const LineRef &ref) const {
    if (ref.any) return true;
    const Frame *f = SiteFrame(r, e);
    return f && FrameAt(*f, ref);
  }

  // Multiset subset: each of `refs` must be matched (`matches(i, ref)`) by a distinct one of
  // `n` candidates, taken greedily in order. Returns the first ref left without one, or null.
  template <typename Matches>
  static const LineRef *UnmatchedRef(const std::vector<LineRef> &refs, size_t n,
                                     Matches matches) {
    std::vector<bool> used(n, false);
    for (const LineRef &ref : refs) {
      bool found = false;
      for (size_t i = 0; i < n && !found; ++i)
        if (!used[i] && matches(i, ref)) used[i] = found = true;
      if (!found) return &ref;
    }
    return nullptr;
  }

  // Empty when `r` satisfies `e`; otherwise why not.
  std::string Mismatch(const Expectation &e, const Report &r) const {
    if (r.kind != e.kind) return "kind " + r.kind;
    if (e.subkind) {
      if (*e.subkind == "none") {
        if (r.subkind) return "subkind " + *r.subkind + " (expected none)";
      } else if (r.subkind != e.subkind) {
        return "subkind " + (r.subkind ? *r.subkind : std::string("(none)"));
      }
    }
    if (e.kind == "data-race" && !e.lines.empty()) {
      const Event &a = r.events[0], &b = r.events[1];
      bool ok = (TopAt(r, a, e.lines[0]) && TopAt(r, b, e.lines[1])) ||
                (TopAt(r, a, e.lines[1]) && TopAt(r, b, e.lines[0]));
      if (!ok) return "lines " + LinesOf(r) + " (expected " + e.lines[0].text + "," +
                      e.lines[1].text + " = " + RefText(e.lines) + ")";
    } else if (!e.lines.empty()) {
      const LineRef *missing =
          UnmatchedRef(e.lines, r.events.size(),
                       [&](size_t i, const LineRef &ref) { return TopAt(r, r.events[i], ref); });
      if (missing) return "no event at line " + missing->text + " (events at " + LinesOf(r) + ")";
    }
    if (e.var && r.var_name != e.var)
      return "variable " + (r.var_name ? "'" + *r.var_name + "'" : std::string("(no name)"));
    if (e.vartype && r.var_type != e.vartype)
      return "variable type " + (r.var_type ? *r.var_type : std::string("(none)"));
    const std::vector<Frame> &stack = r.events[0].stack;
    if (e.min_frames && long(stack.size()) < *e.min_frames)
      return "events[0] stack has " + std::to_string(stack.size()) + " frames";
    if (!e.stack.empty()) {
      for (size_t i = 0; i < e.stack.size(); ++i)
        if (i >= stack.size() || !FrameAt(stack[i], e.stack[i]))
          return "events[0] stack " + StackText(stack) + " (expected " + RefText(e.stack) + ")";
    }
    const LineRef *missing =
        UnmatchedRef(e.created, r.creation_stacks.size(), [&](size_t i, const LineRef &ref) {
          return !r.creation_stacks[i].empty() && FrameAt(r.creation_stacks[i][0], ref);
        });
    if (missing) return "no thread created at line " + missing->text;
    return "";
  }

  std::string FrameText(const Frame &f) const {
    std::string file = Basename(f.file) == t.base ? "" : Basename(f.file) + ":";
    return f.function + "@" + file + std::to_string(f.line);
  }

  std::string StackText(const std::vector<Frame> &s) const {
    std::vector<std::string> parts;
    for (const Frame &f : s) parts.push_back(FrameText(f));
    return "[" + Join(parts, " < ") + "]";
  }

  std::string LinesOf(const Report &r) const {
    std::vector<std::string> parts;
    for (const Event &e : r.events) {
      const Frame *site = SiteFrame(r, e);
      if (!site) {
        parts.push_back("?");
        continue;
      }
      const Frame &f = *site;
      parts.push_back(Basename(f.file) == t.base ? std::to_string(f.line)
                                                  : Basename(f.file) + ":" + std::to_string(f.line));
    }
    return Join(parts, ",");
  }

  std::string RefText(const std::vector<LineRef> &refs) const {
    std::vector<std::string> parts;
    for (const LineRef &r : refs) parts.push_back(r.any ? "*" : std::to_string(r.line));
    return Join(parts, ",");
  }
};

// Maximum bipartite matching (Kuhn); small inputs.
std::vector<int> MatchAll(const std::vector<Expectation> &exps, const std::vector<Report> &reps,
                          const Matcher &m) {
  std::vector<std::vector<int>> adj(exps.size());
  for (size_t i = 0; i < exps.size(); ++i)
    for (size_t j = 0; j < reps.size(); ++j)
      if (m.Mismatch(exps[i], reps[j]).empty()) adj[i].push_back(int(j));
  std::vector<int> rep_of_exp(exps.size(), -1), exp_of_rep(reps.size(), -1);
  std::function<bool(int, std::vector<bool> &)> augment = [&](int i, std::vector<bool> &seen) {
    for (int j : adj[i]) {
      if (seen[j]) continue;
      seen[j] = true;
      if (exp_of_rep[j] < 0 || augment(exp_of_rep[j], seen)) {
        exp_of_rep[j] = i;
        rep_of_exp[i] = j;
        return true;
      }
    }
    return false;
  };
  for (size_t i = 0; i < exps.size(); ++i) {
    std::vector<bool> seen(reps.size(), false);
    augment(int(i), seen);
  }
  return rep_of_exp;
}

// ---------------------------------------------------------------------------------------
// Processes

struct RunResult {
  Status status;
  bool timed_out = false;
  double seconds = 0;
  std::string error;  // could not start
};

double Now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

// Runs argv in `cwd` with stdout and stderr sent to `out_path` / `err_path` (may be equal),
// in its own process group, killed as a group when it outlives `timeout_s`.
RunResult Run(const std::vector<std::string> &argv, const std::string &cwd,
              const std::vector<std::pair<std::string, std::string>> &env,
              const std::string &out_path, const std::string &err_path, double timeout_s) {
  RunResult res;
  std::vector<char *> args;
  for (const std::string &a : argv) args.push_back(const_cast<char *>(a.c_str()));
  args.push_back(nullptr);
  double start = Now();
  pid_t pid = fork();
  if (pid < 0) {
    res.error = std::string("fork: ") + strerror(errno);
    return res;
  }
  if (pid == 0) {
    setpgid(0, 0);
    int in = open("/dev/null", O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = out_path == err_path ? out : open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (chdir(cwd.c_str()) != 0) _exit(126);
    for (const auto &[k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    // Default dispositions so a test can die of its own signal.
    signal(SIGPIPE, SIG_DFL);
    execvp(args[0], args.data());
    fprintf(stderr, "racelight_e2e_runner: cannot execute %s: %s\n", args[0], strerror(errno));
    _exit(127);
  }
  setpgid(pid, pid);
  int wstatus = 0;
  while (true) {
    pid_t r = waitpid(pid, &wstatus, WNOHANG);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) {
      res.error = std::string("waitpid: ") + strerror(errno);
      return res;
    }
    if (Now() - start > timeout_s) {
      res.timed_out = true;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, &wstatus, 0);
      break;
    }
    usleep(2000);
  }
  // Whatever the program left behind in its group (detached grandchildren) goes too.
  kill(-pid, SIGKILL);
  res.seconds = Now() - start;
  if (WIFSIGNALED(wstatus)) {
    res.status.signaled = true;
    res.status.value = WTERMSIG(wstatus);
  } else {
    res.status.value = WEXITSTATUS(wstatus);
  }
  return res;
}

std::string ReadFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Tail(const std::string &text, size_t max_lines) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::string out;
  size_t start = lines.size() > max_lines ? lines.size() - max_lines : 0;
  if (start) out += "    ... (" + std::to_string(start) + " lines omitted)\n";
  for (size_t i = start; i < lines.size(); ++i) out += "    | " + lines[i] + "\n";
  return out;
}

std::string QuoteOptionValue(const std::string &v) {
  if (v.find_first_of(" :\t\n,'\"") == std::string::npos) return v;
  return "'" + v + "'";
}

// ---------------------------------------------------------------------------------------
// Main

struct Args {
  std::string cc, cxx, opt = "O0", source, workdir, check_reports, check_status;
  bool keep = false, keep_failed = false, verbose = false;
  double timeout_scale = 1;
};

void Usage() {
  fprintf(stderr,
          "usage: racelight_e2e_runner --cc CC --cxx CXX [--opt O0|O2] [--workdir DIR]\n"
          "                            [--keep | --keep-failed] [--timeout-scale X] [--verbose]\n"
          "                            PROGRAM.c|PROGRAM.cpp\n"
          "       racelight_e2e_runner --check-reports FILE.jsonl --status STATUS [--opt O0|O2]\n"
          "                            PROGRAM.c|PROGRAM.cpp\n"
          "Builds PROGRAM with the Racelight wrappers, runs it and checks its reports against\n"
          "its // RACELIGHT-EXPECT: lines (see tests/e2e/README.md). The second form checks a\n"
          "given report file and exit status (STATUS: N or signal:NAME) instead.\n"
          "Environment: RACELIGHT_E2E_TIMEOUT_SCALE multiplies every timeout.\n");
}

struct Outcome {
  bool failed = false;
  std::vector<std::string> problems;
  void Fail(const std::string &p) {
    failed = true;
    problems.push_back(p);
  }
};

int Main(int argc, char **argv) {
  Args a;
  if (const char *s = getenv("RACELIGHT_E2E_TIMEOUT_SCALE")) a.timeout_scale = atof(s);
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        fprintf(stderr, "racelight_e2e_runner: %s needs a value\n", arg.c_str());
        exit(kUsage);
      }
      return argv[++i];
    };
    if (arg == "--cc") a.cc = value();
    else if (arg == "--cxx") a.cxx = value();
    else if (arg == "--opt") a.opt = value();
    else if (arg == "--workdir") a.workdir = value();
    else if (arg == "--keep") a.keep = true;
    else if (arg == "--keep-failed") a.keep_failed = true;
    else if (arg == "--verbose" || arg == "-v") a.verbose = true;
    else if (arg == "--timeout-scale") a.timeout_scale = atof(value().c_str());
    else if (arg == "--check-reports") a.check_reports = value();
    else if (arg == "--status") a.check_status = value();
    else if (arg == "-h" || arg == "--help") {
      Usage();
      return kPass;
    } else if (!arg.empty() && arg[0] == '-') {
      fprintf(stderr, "racelight_e2e_runner: unknown option %s\n", arg.c_str());
      Usage();
      return kUsage;
    } else if (a.source.empty()) {
      a.source = arg;
    } else {
      Usage();
      return kUsage;
    }
  }
  bool check_mode = !a.check_reports.empty();
  if (a.source.empty() || (a.opt != "O0" && a.opt != "O2") || a.timeout_scale <= 0 ||
      (check_mode ? a.check_status.empty() : (a.cc.empty() || a.cxx.empty()))) {
    Usage();
    return kUsage;
  }
  a.source = fs::absolute(a.source).lexically_normal().string();
  // The compilers run in the work directory: make relative paths absolute (a bare name is
  // looked up in PATH).
  for (std::string *tool : {&a.cc, &a.cxx})
    if (tool->find('/') != std::string::npos) *tool = fs::absolute(*tool).lexically_normal().string();

  TestFile t;
  try {
    t = ParseTestFile(a.source, a.opt);
  } catch (const ParseError &e) {
    fprintf(stderr, "racelight_e2e_runner: %s\n", e.message.c_str());
    return kUsage;
  }
  std::string title = fs::path(a.source).parent_path().filename().string() + "/" + t.base +
                      " -" + a.opt;
  if (!t.only.empty() && !t.only.count(a.opt)) {
    printf("SKIP %s (RACELIGHT-ONLY: %s)\n", title.c_str(),
           Join(std::vector<std::string>(t.only.begin(), t.only.end()), " ").c_str());
    return kSkip;
  }

  // Expected exit statuses.
  std::vector<Status> allowed;
  if (t.exit) allowed = *t.exit;
  else allowed.push_back(Status{false, t.expectations.empty() ? 0 : 66});

  Outcome out;
  std::string dir, reports_path, log;
  Status status;
  bool have_status = false;
  double run_seconds = 0;
  bool remove_dir = false;

  if (check_mode) {
    reports_path = a.check_reports;
    if (!ParseStatus(a.check_status, &status)) {
      fprintf(stderr, "racelight_e2e_runner: bad --status '%s'\n", a.check_status.c_str());
      return kUsage;
    }
    have_status = true;
  } else {
    // A work directory: <workdir>/<family>.<name>.<opt> (fresh) or a new temporary one.
    std::error_code ec;
    if (!a.workdir.empty()) {
      std::string family = fs::path(a.source).parent_path().filename().string();
      dir = (fs::path(a.workdir) / (family + "." + fs::path(a.source).stem().string() + "." +
                                   a.opt)).string();
      fs::remove_all(dir, ec);
      fs::create_directories(dir, ec);
      if (ec) {
        fprintf(stderr, "racelight_e2e_runner: cannot create %s: %s\n", dir.c_str(),
                ec.message().c_str());
        return kUsage;
      }
    } else {
      const char *tmp = getenv("TMPDIR");
      std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/racelight-e2e-XXXXXX";
      std::vector<char> buf(templ.begin(), templ.end());
      buf.push_back(0);
      if (!mkdtemp(buf.data())) {
        fprintf(stderr, "racelight_e2e_runner: mkdtemp: %s\n", strerror(errno));
        return kUsage;
      }
      dir = buf.data();
    }
    remove_dir = true;
    reports_path = dir + "/reports.jsonl";
    std::string exe = dir + "/prog";

    // Build.
    std::vector<std::string> cmd = {t.is_cxx ? a.cxx : a.cc, "-" + a.opt, "-g", "-pthread"};
    cmd.insert(cmd.end(), t.flags.begin(), t.flags.end());
    cmd.insert(cmd.end(), {"-o", exe, a.source});
    if (a.verbose) printf("build: %s\n", Join(cmd, " ").c_str());
    RunResult b = Run(cmd, dir, {}, dir + "/build.log", dir + "/build.log", 300 * a.timeout_scale);
    std::string build_log = ReadFile(dir + "/build.log");
    if (!b.error.empty() || b.timed_out || b.status.signaled || b.status.value != 0) {
      printf("FAIL %s: the build failed (%s)\n  command: %s\n%s", title.c_str(),
             b.timed_out ? "timed out" : ("status " + StatusText(b.status)).c_str(),
             Join(cmd, " ").c_str(), Tail(build_log + b.error, 60).c_str());
      if (!a.keep && !a.keep_failed) fs::remove_all(dir, ec);
      else printf("  kept: %s\n", dir.c_str());
      return kFail;
    }
    if (a.verbose && !build_log.empty()) printf("%s", Tail(build_log, 40).c_str());

    // Run.
    std::string options = "report_path=" + QuoteOptionValue(reports_path);
    for (const std::string &o : t.options) options += " " + o;
    // Extra options for a whole run (stress modes: RACELIGHT_E2E_EXTRA_OPTIONS="clock_limit=3").
    if (const char *extra = getenv("RACELIGHT_E2E_EXTRA_OPTIONS"); extra && *extra)
      options += std::string(" ") + extra;
    double timeout = t.timeout_s * a.timeout_scale;
    if (a.verbose) printf("run: RACELIGHT_OPTIONS=\"%s\" %s\n", options.c_str(), exe.c_str());
    RunResult r = Run({exe}, dir, {{"RACELIGHT_OPTIONS", options}}, dir + "/output.log",
                      dir + "/output.log", timeout);
    log = ReadFile(dir + "/output.log");
    run_seconds = r.seconds;
    if (!r.error.empty()) {
      out.Fail("could not run the program: " + r.error);
    } else if (r.timed_out) {
      char buf[128];
      snprintf(buf, sizeof buf, "timed out after %.1f s (RACELIGHT-TIMEOUT: %g)", timeout,
               t.timeout_s);
      out.Fail(buf);
    } else {
      status = r.status;
      have_status = true;
    }
  }

  // Output text (not in --check-reports mode, which has no program output).
  if (!check_mode)
    for (const auto &[text, lineno] : t.outputs)
      if (log.find(text) == std::string::npos)
        out.Fail("output lacks '" + text + "' (RACELIGHT-OUTPUT, line " + std::to_string(lineno) +
                 ")");

  // Exit status.
  if (have_status && !t.exit_any) {
    bool ok = false;
    for (const Status &s : allowed)
      ok |= s.signaled == status.signaled && s.value == status.value;
    if (!ok) {
      std::vector<std::string> names;
      for (const Status &s : allowed) names.push_back(StatusText(s));
      out.Fail("exit status " + StatusText(status) + ", expected " + Join(names, " or "));
    }
  }

  // Reports.
  std::vector<Report> reports, suppressed;
  bool reports_ok = true;
  if (check_mode && !fs::exists(reports_path)) {
    fprintf(stderr, "racelight_e2e_runner: no such report file %s\n", reports_path.c_str());
    return kUsage;
  }
  {
    std::ifstream in(reports_path);
    int n = 0;
    for (std::string line; in && std::getline(in, line);) {
      ++n;
      if (Trim(line).empty()) {
        out.Fail("reports line " + std::to_string(n) + ": empty line");
        reports_ok = false;
        continue;
      }
      Report r;
      r.file_line = n;
      try {
        r.raw = json::parse(line);
      } catch (const json::exception &e) {
        out.Fail("reports line " + std::to_string(n) + ": malformed JSON: " + e.what() +
                 "\n    | " + line.substr(0, 300));
        reports_ok = false;
        continue;
      }
      std::string err = ParseReport(r.raw, &r);
      if (!err.empty()) {
        out.Fail("reports line " + std::to_string(n) + ": does not follow docs/report-format.md: " +
                 err + "\n    | " + line.substr(0, 300));
        reports_ok = false;
        continue;
      }
      (r.suppressed ? suppressed : reports).push_back(r);
    }
  }

  Matcher m{t};
  std::vector<int> rep_of_exp = MatchAll(t.expectations, reports, m);
  std::vector<bool> rep_matched(reports.size(), false);
  size_t matched = 0;
  for (int j : rep_of_exp)
    if (j >= 0) rep_matched[j] = true, ++matched;
  bool reports_mismatch = matched != t.expectations.size() || matched != reports.size();
  if (reports_mismatch) {
    if (t.expectations.empty())
      out.Fail("expected no report, got " + std::to_string(reports.size()));
    else
      out.Fail("reports do not match: " + std::to_string(matched) + " of " +
               std::to_string(t.expectations.size()) + " expected found, " +
               std::to_string(reports.size() - matched) + " unexpected");
  }

  auto describe = [&](const Report &r) {
    std::string s = r.kind;
    if (r.subkind) s += " subkind=" + *r.subkind;
    s += " lines=" + m.LinesOf(r);
    if (r.var_name) s += " var=" + *r.var_name;
    if (r.var_type) s += " vartype=" + *r.var_type;
    std::vector<std::string> evs;
    for (const Event &e : r.events) {
      std::string ev = e.role + " T" + std::to_string(e.thread);
      if (!e.access_type.empty())
        ev += " " + e.access_type + std::to_string(e.access_size) + (e.atomic ? " atomic" : "");
      ev += " " + m.StackText(e.stack);
      evs.push_back(ev);
    }
    s += "\n        message: " + r.message;
    for (const std::string &ev : evs) s += "\n        " + ev;
    return s;
  };

  if (!out.failed) {
    printf("PASS %s: %zu report(s) as expected, exit %s%s\n", title.c_str(), reports.size(),
           have_status ? StatusText(status).c_str() : "?",
           check_mode ? "" : (", ran " + std::to_string(int(run_seconds * 1000)) + " ms").c_str());
    if (a.verbose)
      for (const Report &r : reports) printf("  %s\n", describe(r).c_str());
    if (remove_dir && !a.keep) {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
    return kPass;
  }

  printf("FAIL %s\n", title.c_str());
  for (const std::string &p : out.problems) printf("  - %s\n", p.c_str());
  printf("  expected (%zu):%s\n", t.expectations.size(),
         t.expectations.empty() ? " no report" : "");
  for (size_t i = 0; i < t.expectations.size(); ++i) {
    const Expectation &e = t.expectations[i];
    std::string resolved;
    if (!e.lines.empty()) resolved = "  [lines " + m.RefText(e.lines) + "]";
    printf("    %-9s %s  (line %d)%s\n", rep_of_exp[i] >= 0 ? "[ok]" : "[MISSING]", e.text.c_str(),
           e.directive_line, resolved.c_str());
    if (rep_of_exp[i] < 0) {
      for (size_t j = 0; j < reports.size(); ++j) {
        if (rep_matched[j] || reports[j].kind != e.kind) continue;
        printf("              vs actual #%zu: %s\n", j + 1, m.Mismatch(e, reports[j]).c_str());
      }
    }
  }
  printf("  actual (%zu)%s:\n", reports.size(), reports_ok ? "" : " (well-formed lines only)");
  for (size_t j = 0; j < reports.size(); ++j)
    printf("    %-9s #%zu %s\n", rep_matched[j] ? "[ok]" : "[EXTRA]", j + 1,
           describe(reports[j]).c_str());
  if (!suppressed.empty())
    printf("  (%zu suppressed report(s) ignored)\n", suppressed.size());
  if (have_status) printf("  exit status: %s\n", StatusText(status).c_str());
  if (!check_mode) {
    printf("  program output (stdout+stderr):\n%s", Tail(log, 80).c_str());
    if (a.keep || a.keep_failed) {
      printf("  kept: %s\n", dir.c_str());
    } else {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  }
  return kFail;
}

}  // namespace

int main(int argc, char **argv) {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  try {
    return Main(argc, argv);
  } catch (const std::exception &e) {
    fprintf(stderr, "racelight_e2e_runner: %s\n", e.what());
    return kUsage;
  }
}
