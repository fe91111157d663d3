#include "view.h"

using nlohmann::json;

namespace racelight {
namespace {

std::string string_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool integer_field(const json& obj, const char* key, uint64_t& out) {
  auto it = obj.find(key);
  if (it == obj.end()) return false;
  if (it->is_number_unsigned()) out = it->get<uint64_t>();
  else if (it->is_number_integer() && it->get<int64_t>() >= 0) out = uint64_t(it->get<int64_t>());
  else return false;
  return true;
}

// Whether obj[key] is the boolean true (absent or of another type: false).
bool true_field(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_boolean() && it->get<bool>();
}

uint32_t clamp32(int64_t v) {
  return v < 0 ? 0 : v > int64_t(UINT32_MAX) ? UINT32_MAX : uint32_t(v);
}

}  // namespace

std::vector<const rl_site*> frame_list(const rl::view::Frames& frames) {
  return std::vector<const rl_site*>(frames.frames, frames.frames + frames.size);
}

const char* ReportView::keep(std::string s) {
  strings_.push_back(std::move(s));
  return strings_.back().c_str();
}

rl::view::Frames ReportView::frames(const std::vector<Frame>& stack) {
  std::vector<const rl_site*> list;
  for (const Frame& f : stack) {
    rl_site site{};
    site.function = keep(f.function);
    site.file = keep(f.file);
    site.line = clamp32(f.line);
    site.column = clamp32(f.column);
    site.flags = f.system ? RL_SITE_SYSTEM_HEADER : 0;
    sites_.push_back(site);
    list.push_back(&sites_.back());
  }
  stacks_.push_back(std::move(list));
  rl::view::Frames out;
  out.frames = stacks_.back().data();
  out.size = uint32_t(stacks_.back().size());
  return out;
}

ReportView::ReportView(const Report& r) : report_(r) {
  view_.kind = r.kind.c_str();
  view_.subkind = r.subkind.c_str();
  view_.message = r.message.c_str();
  view_.program = keep(string_field(r.raw, "program"));

  const json* raw_events = nullptr;
  auto re = r.raw.find("events");
  if (re != r.raw.end() && re->is_array()) raw_events = &*re;
  events_.resize(r.events.size());
  for (size_t i = 0; i < r.events.size(); ++i) {
    const Event& e = r.events[i];
    rl::view::Event& ve = events_[i];
    ve.role = e.role.c_str();
    ve.has_thread = e.has_thread;
    ve.thread = clamp32(e.thread);
    ve.description = e.description.c_str();
    ve.stack = frames(e.stack);
    ve.stack.truncated = e.stack_truncated;
    if (!raw_events || i >= raw_events->size() || !(*raw_events)[i].is_object()) continue;
    const json& raw = (*raw_events)[i];
    auto access = raw.find("access");
    if (access != raw.end() && access->is_object()) {
      ve.has_access = true;
      ve.access_type = keep(string_field(*access, "type"));
      integer_field(*access, "size", ve.access_size);
      ve.access_address = keep(string_field(*access, "address"));
      auto atomic = access->find("atomic");
      ve.access_atomic = atomic != access->end() && atomic->is_boolean() && atomic->get<bool>();
    }
    auto lock = raw.find("lock");
    if (lock != raw.end() && lock->is_object()) {
      ve.has_lock = integer_field(*lock, "id", ve.lock_id);
      ve.lock_address = keep(string_field(*lock, "address"));
      ve.lock_type = keep(string_field(*lock, "type"));
    }
  }
  view_.events = events_.data();
  view_.num_events = uint32_t(events_.size());

  auto var = r.raw.find("variable");
  if (var != r.raw.end() && var->is_object()) {
    rl::view::Variable& v = view_.variable;
    std::string type = string_field(*var, "type");
    v.type = keep(type.empty() ? "unknown" : type);
    v.name = keep(string_field(*var, "name"));
    v.address = keep(string_field(*var, "address"));
    v.has_size = integer_field(*var, "size", v.size);
    v.has_offset = type == "heap" && integer_field(*var, "offset", v.offset);
    v.has_fd = type == "fd" && integer_field(*var, "fd", v.fd);
    uint64_t n = 0;
    if ((v.has_thread = integer_field(*var, "thread", n))) v.thread = clamp32(int64_t(n));
    v.file = keep(string_field(*var, "file"));
    if (integer_field(*var, "line", n)) v.line = clamp32(int64_t(n));
    auto alloc = var->find("allocation_stack");
    if (alloc != var->end()) v.allocation_stack = frames(frames_from_json(*alloc));
    v.allocation_stack.truncated = true_field(*var, "allocation_stack_truncated");
  }

  auto threads = r.raw.find("threads");
  if (threads != r.raw.end() && threads->is_array()) {
    for (const json& t : *threads) {
      if (!t.is_object()) continue;
      uint64_t id = 0, parent = 0;
      if (!integer_field(t, "id", id)) continue;
      rl::view::Thread vt;
      vt.id = clamp32(int64_t(id));
      vt.is_main = !integer_field(t, "parent", parent);
      vt.parent = clamp32(int64_t(parent));
      auto finished = t.find("finished");
      vt.finished = finished != t.end() && finished->is_boolean() && finished->get<bool>();
      auto creation = t.find("creation_stack");
      if (creation != t.end()) vt.creation_stack = frames(frames_from_json(*creation));
      vt.creation_stack.truncated = true_field(t, "creation_stack_truncated");
      threads_.push_back(vt);
    }
  }
  view_.threads = threads_.data();
  view_.num_threads = uint32_t(threads_.size());

  std::string note;
  if (r.occurrences > 1) {
    note = "seen " + std::to_string(r.occurrences) + " times";
    if (r.pids.size() > 1) note += " in " + std::to_string(r.pids.size()) + " processes";
    note += ", ";
  }
  if (!r.fingerprint.empty()) note += "fingerprint " + r.fingerprint;
  view_.note = keep(note);
}

}  // namespace racelight
