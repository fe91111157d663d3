#include "text_render.h"

#include <sstream>

#include "paths.h"

using nlohmann::json;

namespace racelight {
namespace {

const char kBold[] = "1";
const char kKind[] = "1;31";     // bold red, like clang's "error:"
const char kCaret[] = "1;32";    // bold green
const char kEvent[] = "1;36";    // bold cyan
const char kDim[] = "2";

std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string json_string(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool json_integer(const json& obj, const char* key, int64_t& out) {
  auto it = obj.find(key);
  if (it == obj.end() || !(it->is_number_integer() || it->is_number_unsigned())) return false;
  out = it->get<int64_t>();
  return true;
}

}  // namespace

std::string TextRenderer::paint(const char* code, const std::string& text) const {
  if (!options_.color || text.empty()) return text;
  return std::string("\033[") + code + "m" + text + "\033[0m";
}

std::string TextRenderer::display_path(const std::string& file) const {
  std::string rel = relative_to(file, options_.source_root);
  return rel.empty() ? file : rel;
}

std::string TextRenderer::location(const Frame& f) const {
  std::string loc = f.file.empty() ? std::string("<unknown file>") : display_path(f.file);
  if (f.line > 0) {
    loc += ":" + std::to_string(f.line);
    if (f.column > 0) loc += ":" + std::to_string(f.column);
  }
  return loc;
}

std::string TextRenderer::frame_line(size_t index, const Frame& f) const {
  std::string fn = f.function.empty() ? std::string("??") : f.function;
  std::string text = "#" + std::to_string(index) + " " + fn + " " + location(f);
  if (f.line <= 0 && !f.file.empty()) text += " (no line info)";
  return is_system_frame(f) ? paint(kDim, text) : text;
}

void TextRenderer::stack(std::string& out, const std::vector<Frame>& frames,
                         const char* indent) const {
  if (frames.empty()) {
    out += indent;
    out += paint(kDim, "(no stack)") + "\n";
    return;
  }
  for (size_t i = 0; i < frames.size(); ++i) out += indent + frame_line(i, frames[i]) + "\n";
}

bool TextRenderer::source_line(const std::string& file, int64_t line, std::string& text) {
  if (file.empty() || line <= 0) return false;
  std::string path = absolute_path(file, options_.source_root);
  if (source_missing_.count(path)) return false;
  auto it = source_cache_.find(path);
  if (it == source_cache_.end()) {
    std::string contents;
    if (!read_file(path, contents)) {
      source_missing_[path] = true;
      return false;
    }
    std::vector<std::string> lines;
    std::istringstream in(contents);
    std::string l;
    while (std::getline(in, l)) {
      if (!l.empty() && l.back() == '\r') l.pop_back();
      lines.push_back(l);
    }
    it = source_cache_.emplace(path, std::move(lines)).first;
  }
  if (static_cast<size_t>(line) > it->second.size()) return false;
  text = it->second[line - 1];
  return true;
}

std::string TextRenderer::report(const Report& r) {
  std::string out;
  int primary = primary_event_index(r);
  const Frame* where = primary >= 0 ? top_user_frame(r.events[primary]) : nullptr;

  // Headline: file:line:col: kind: message
  std::string loc;
  if (where) {
    loc = location(*where);
  } else {
    std::string program = json_string(r.raw, "program");
    loc = program.empty() ? std::string("<unknown location>") : program;
  }
  out += paint(kBold, loc + ":") + " " + paint(kKind, r.kind + ":") + " " + paint(kBold, r.message);
  if (!r.subkind.empty()) out += " " + paint(kDim, "[" + r.subkind + "]");
  out += "\n";

  // The source line with a caret under the column.
  std::string src;
  if (where && options_.show_source && source_line(where->file, where->line, src)) {
    std::string number = std::to_string(where->line);
    std::string gutter = std::string(number.size() < 5 ? 5 - number.size() : 0, ' ');
    out += gutter + number + " | " + src + "\n";
    if (where->column > 0 && static_cast<size_t>(where->column) <= src.size() + 1) {
      std::string pad;
      for (int64_t i = 0; i + 1 < where->column; ++i) pad += src[i] == '\t' ? '\t' : ' ';
      out += std::string(gutter.size() + number.size(), ' ') + " | " + pad + paint(kCaret, "^") +
             "\n";
    }
  }

  // Events, in order.
  for (const Event& e : r.events) {
    std::string header = e.description;
    if (header.empty()) {
      header = e.role.empty() ? std::string("event") : e.role;
      if (e.has_thread) header += " in thread " + std::to_string(e.thread);
    }
    std::string role = e.role.empty() || e.description.empty() ? "" : " [" + e.role + "]";
    out += "  " + paint(kEvent, header) + paint(kDim, role) + ":\n";
    stack(out, e.stack, "    ");
  }

  // What the memory is.
  auto var = r.raw.find("variable");
  if (var != r.raw.end() && var->is_object()) {
    std::string type = json_string(*var, "type");
    std::string name = json_string(*var, "name");
    std::string address = json_string(*var, "address");
    int64_t size = 0, offset = 0, thread = 0, line = 0;
    bool has_size = json_integer(*var, "size", size);
    std::string text;
    if (type == "global") {
      text = "global '" + name + "'";
      if (has_size) text += " (" + plural(size, "byte") + ")";
      if (!address.empty()) text += " at " + address;
      std::string file = json_string(*var, "file");
      if (!file.empty()) {
        text += ", defined at " + display_path(file);
        if (json_integer(*var, "line", line) && line > 0) text += ":" + std::to_string(line);
      }
    } else if (type == "heap") {
      text = "heap block";
      if (has_size) text += " of " + plural(size, "byte");
      if (!address.empty()) text += " at " + address;
      if (json_integer(*var, "offset", offset)) text += ", offset " + std::to_string(offset);
      if (json_integer(*var, "thread", thread))
        text += ", allocated by thread " + std::to_string(thread);
    } else if (type == "fd") {
      text = "file descriptor";
      int64_t fd = 0;
      if (json_integer(*var, "fd", fd)) text += " " + std::to_string(fd);
    } else if (type == "stack") {
      text = "stack";
      if (json_integer(*var, "thread", thread)) text += " of thread " + std::to_string(thread);
    } else {
      text = type.empty() ? std::string("unknown") : type;
      if (!name.empty()) text += " '" + name + "'";
      if (!address.empty()) text += " at " + address;
    }
    auto alloc = var->find("allocation_stack");
    std::vector<Frame> frames =
        alloc != var->end() ? frames_from_json(*alloc) : std::vector<Frame>();
    out += "  Location: " + text + (frames.empty() ? "\n" : ":\n");
    if (!frames.empty()) stack(out, frames, "    ");
  }

  // Where the threads named in the events came from.
  auto threads = r.raw.find("threads");
  if (threads != r.raw.end() && threads->is_array()) {
    for (const auto& t : *threads) {
      if (!t.is_object()) continue;
      int64_t id = 0, parent = 0;
      if (!json_integer(t, "id", id)) continue;
      auto creation = t.find("creation_stack");
      std::vector<Frame> frames =
          creation != t.end() ? frames_from_json(*creation) : std::vector<Frame>();
      std::string text = "Thread " + std::to_string(id);
      if (id == 0 && frames.empty()) {
        text += " is the main thread";
      } else if (json_integer(t, "parent", parent)) {
        text += " created by thread " + std::to_string(parent);
      }
      auto finished = t.find("finished");
      if (finished != t.end() && finished->is_boolean() && finished->get<bool>())
        text += " (finished)";
      out += "  " + text + (frames.empty() ? "\n" : " at:\n");
      if (!frames.empty()) stack(out, frames, "    ");
    }
  }

  std::string seen;
  if (r.occurrences > 1) {
    seen = "seen " + std::to_string(r.occurrences) + " times";
    if (r.pids.size() > 1) seen += " in " + std::to_string(r.pids.size()) + " processes";
    seen += ", ";
  }
  out += "  " + paint(kDim, seen + "fingerprint " + r.fingerprint) + "\n\n";
  return out;
}

std::string TextRenderer::summary_line(const Summary& s) {
  std::string line = "racelight: ";
  if (s.reports == 0) {
    line += s.has_baseline ? "no new reports" : "no reports";
  } else {
    line += plural(s.reports, s.has_baseline ? "new report" : "report");
    line += " (";
    for (size_t i = 0; i < s.per_kind.size(); ++i) {
      if (i) line += ", ";
      line += std::to_string(s.per_kind[i].second) + " " + s.per_kind[i].first;
    }
    line += ")";
    if (s.occurrences > s.reports) line += ", " + plural(s.occurrences, "occurrence");
  }
  if (s.has_baseline)
    line += ", " + std::to_string(s.known) + " known, " + std::to_string(s.fixed) + " fixed";
  line += ", " + std::to_string(s.suppressed) + " suppressed";
  return paint(kBold, line) + "\n";
}

std::string TextRenderer::render(const ReportSet& set) {
  std::string out;
  for (const Report& r : set.shown) out += report(r);
  out += summary_line(set.summary);
  return out;
}

}  // namespace racelight
