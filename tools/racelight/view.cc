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

std::string openmp_text(const rl::view::Event& event, const rl::view::TextOptions& options) {
  std::string text;
  rl::view::Sink sink;
  sink.write = [](void* context, const char* s, size_t n) {
    static_cast<std::string*>(context)->append(s, n);
  };
  sink.context = &text;
  rl::view::RenderOpenMpContext(event, options, sink);
  return text;
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
    ve.stack.unknown = e.stack_unknown;
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
    auto omp = raw.find("openmp");
    if (omp != raw.end() && omp->is_object()) {
      ve.omp_construct = keep(string_field(*omp, "construct"));
      // One frame each, read like a stack of one.
      auto site_of = [&](const char* key) -> const rl_site* {
        auto it = omp->find(key);
        if (it == omp->end() || !it->is_object()) return nullptr;
        rl::view::Frames f = frames(frames_from_json(json::array({*it})));
        return f.size ? f.frames[0] : nullptr;
      };
      ve.omp_site = site_of("site");
      ve.omp_parallel_site = site_of("parallel_site");
      uint64_t n = 0, size = 0;
      if (integer_field(*omp, "thread_num", n) && integer_field(*omp, "team_size", size)) {
        ve.omp_has_thread_num = true;
        ve.omp_thread_num = clamp32(int64_t(n));
        ve.omp_team_size = clamp32(int64_t(size));
      }
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

  auto timeline = r.raw.find("timeline");
  if (timeline != r.raw.end() && timeline->is_array()) {
    for (const json& t : *timeline) {
      if (!t.is_object()) continue;
      rl::view::Timeline vt;
      vt.role = keep(string_field(t, "role"));
      uint64_t n = 0;
      if (integer_field(t, "thread", n)) vt.thread = clamp32(int64_t(n));
      integer_field(t, "earlier", vt.earlier);
      auto kept = t.find("kept");
      vt.kept = kept == t.end() || !kept->is_boolean() || kept->get<bool>();
      std::vector<rl::view::SyncEvent> events;
      auto list = t.find("events");
      if (list != t.end() && list->is_array()) {
        for (const json& e : *list) {
          if (!e.is_object()) continue;
          rl::view::SyncEvent ve;
          ve.kind = keep(string_field(e, "kind"));
          ve.order = keep(string_field(e, "order"));
          auto lock = e.find("lock");
          if (lock != e.end() && lock->is_object())
            ve.has_lock = integer_field(*lock, "id", ve.lock_id);
          if ((ve.has_thread = integer_field(e, "thread", n))) ve.thread = clamp32(int64_t(n));
          if (!integer_field(e, "count", ve.count)) ve.count = 1;
          auto site = e.find("site");
          if (site != e.end() && site->is_object()) {
            rl::view::Frames f = frames(frames_from_json(json::array({*site})));
            if (f.size) ve.site = f.frames[0];
          }
          events.push_back(ve);
        }
      }
      sync_events_.push_back(std::move(events));
      vt.events = sync_events_.back().data();
      vt.num_events = uint32_t(sync_events_.back().size());
      timelines_.push_back(vt);
    }
  }
  view_.timelines = timelines_.data();
  view_.num_timelines = uint32_t(timelines_.size());

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
