#include "suppressions.h"

#include <cerrno>
#include <cstring>

#include "paths.h"

namespace racelight {
namespace {

const char* const kTypes[] = {"race", "race_top", "deadlock", "mutex",
                              "thread", "signal", "called_from_lib"};

bool starts_with(const std::string& s, const char* prefix) {
  return s.compare(0, std::strlen(prefix), prefix) == 0;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

void add_frames(const nlohmann::json& stack, std::vector<std::string>& out, bool files_only) {
  if (!stack.is_array()) return;
  for (const auto& f : stack) {
    if (!f.is_object()) continue;
    auto fn = f.find("function");
    if (!files_only && fn != f.end() && fn->is_string()) out.push_back(fn->get<std::string>());
    auto file = f.find("file");
    if (file != f.end() && file->is_string()) out.push_back(file->get<std::string>());
  }
}

// The strings a suppression of `type` is matched against.
std::vector<std::string> candidates(const std::string& type, const Report& report) {
  std::vector<std::string> out;
  if (type == "called_from_lib") {
    for (const Event& e : report.events)
      for (const Frame& f : e.stack) out.push_back(f.file);
    auto program = report.raw.find("program");
    if (program != report.raw.end() && program->is_string())
      out.push_back(program->get<std::string>());
    return out;
  }
  bool top_only = type == "race_top";
  for (const Event& e : report.events) {
    for (const Frame& f : e.stack) {
      out.push_back(f.function);
      out.push_back(f.file);
      if (top_only) break;
    }
  }
  auto var = report.raw.find("variable");
  if (var != report.raw.end() && var->is_object()) {
    for (const char* key : {"name", "file"}) {
      auto it = var->find(key);
      if (it != var->end() && it->is_string()) out.push_back(it->get<std::string>());
    }
    auto alloc = var->find("allocation_stack");
    if (!top_only && alloc != var->end()) add_frames(*alloc, out, false);
  }
  return out;
}

}  // namespace

bool template_match(const std::string& pattern, const std::string& text) {
  std::string p = pattern;
  bool anchor_start = !p.empty() && p.front() == '^';
  if (anchor_start) p.erase(0, 1);
  bool anchor_end = !p.empty() && p.back() == '$';
  if (anchor_end) p.pop_back();

  std::vector<std::string> pieces;
  size_t start = 0;
  while (true) {
    size_t star = p.find('*', start);
    pieces.push_back(p.substr(start, star == std::string::npos ? std::string::npos : star - start));
    if (star == std::string::npos) break;
    start = star + 1;
  }
  // pieces.size() - 1 stars separate the pieces.
  size_t pos = 0;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const std::string& piece = pieces[i];
    bool first = i == 0, last = i + 1 == pieces.size();
    if (first && anchor_start) {
      if (text.compare(0, piece.size(), piece) != 0) return false;
      pos = piece.size();
      if (last && anchor_end) return pos == text.size();
      continue;
    }
    if (last && anchor_end) {
      if (text.size() < piece.size() || text.size() - piece.size() < pos) return false;
      return text.compare(text.size() - piece.size(), piece.size(), piece) == 0;
    }
    size_t found = text.find(piece, pos);
    if (found == std::string::npos) return false;
    pos = found + piece.size();
  }
  return true;
}

bool suppression_type_applies(const std::string& type, const std::string& kind) {
  if (type == "race" || type == "race_top")
    return kind == "data-race" || starts_with(kind, "race") || starts_with(kind, "data-race");
  if (type == "deadlock") return kind == "deadlock" || kind == "lock-order-inversion";
  if (type == "mutex") return starts_with(kind, "mutex");
  if (type == "thread") return starts_with(kind, "thread");
  if (type == "signal") return starts_with(kind, "signal");
  if (type == "called_from_lib") return true;
  return false;
}

bool Suppressions::parse(const std::string& text, const std::string& name, std::string& error) {
  std::vector<Suppression> rules;
  size_t lineno = 0, pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    std::string where = name + ":" + std::to_string(lineno);
    size_t colon = line.find(':');
    if (colon == std::string::npos) {
      error = where + ": malformed suppression '" + line + "' (expected type:pattern)";
      return false;
    }
    std::string type = trim(line.substr(0, colon));
    std::string pattern = trim(line.substr(colon + 1));
    bool known = false;
    for (const char* t : kTypes) known = known || type == t;
    if (!known) {
      error = where + ": unknown suppression type '" + type +
              "' (expected race, race_top, deadlock, mutex, thread, signal or called_from_lib)";
      return false;
    }
    if (pattern.empty()) {
      error = where + ": empty pattern in suppression '" + line + "'";
      return false;
    }
    rules.push_back({type, pattern, where});
  }
  rules_.insert(rules_.end(), rules.begin(), rules.end());
  return true;
}

bool Suppressions::load_file(const std::string& path, std::string& error) {
  std::string text;
  if (!read_file(path, text)) {
    error = "cannot read suppressions file '" + path + "': " + std::strerror(errno ? errno : EIO);
    return false;
  }
  return parse(text, path, error);
}

const Suppression* Suppressions::match(const Report& report) const {
  for (const Suppression& s : rules_) {
    if (!suppression_type_applies(s.type, report.kind)) continue;
    for (const std::string& c : candidates(s.type, report))
      if (!c.empty() && template_match(s.pattern, c)) return &s;
  }
  return nullptr;
}

void Suppressions::apply(std::vector<Report>& reports) const {
  for (Report& r : reports) {
    if (r.suppressed) continue;
    if (const Suppression* s = match(r)) {
      r.suppressed = true;
      r.suppressed_by = s->type + ":" + s->pattern;
    }
  }
}

}  // namespace racelight
