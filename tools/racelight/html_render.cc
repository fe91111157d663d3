#include "html_render.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

#include "text_render.h"
#include "view.h"

namespace racelight {
namespace {

namespace v = rl::view;

std::string esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(double d) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.1f", d);
  return buf;
}

std::string thread_name(uint32_t id) {
  char buf[32];
  v::ThreadName(id, buf, sizeof buf);
  return buf;
}

std::string lock_name(uint64_t id) { return "M" + std::to_string(id); }

class Html {
 public:
  Html(const RenderOptions& options) : options_(options) {}

  std::string path(const char* file) const {
    char buf[4096];
    return v::DisplayPath(file, options_.source_root.c_str(), buf, sizeof buf);
  }

  std::string location(const rl_site& f) const {
    if (!f.file || !*f.file) return "??";
    std::string loc = path(f.file);
    if (f.line) {
      loc += ":" + std::to_string(f.line);
      if (f.column) loc += ":" + std::to_string(f.column);
    }
    return loc;
  }

  std::string short_location(const rl_site* f) const {
    if (!f) return "?";
    std::string loc = location(*f);
    size_t slash = loc.rfind('/');
    return slash == std::string::npos ? loc : loc.substr(slash + 1);
  }

  // The source lines around `f`, the line itself marked, with a caret under its column.
  std::string snippet(const rl_site* f) const {
    if (!f || !f->line || !options_.show_source) return "";
    const char* root = options_.source_root.c_str();
    char line[1024];
    if (!v::ReadSourceLine(f->file, f->line, root, line, sizeof line)) return "";
    std::string out = "<pre class=\"snippet\">";
    uint32_t first = f->line > 2 ? f->line - 2 : 1;
    for (uint32_t n = first; n <= f->line + 2; ++n) {
      if (!v::ReadSourceLine(f->file, n, root, line, sizeof line)) break;
      bool here = n == f->line;
      char gutter[16];
      snprintf(gutter, sizeof gutter, "%5u", n);
      out += std::string("<span class=\"") + (here ? "line here" : "line") + "\"><span class=\"ln\">" +
             gutter + "</span> " + esc(line) + "</span>\n";
      if (here && f->column > 0 && f->column <= std::string(line).size() + 1) {
        std::string pad;
        for (uint32_t i = 0; i + 1 < f->column; ++i) pad += line[i] == '\t' ? '\t' : ' ';
        out += "<span class=\"line\"><span class=\"ln\">     </span> " + pad +
               "<span class=\"caret\">^</span></span>\n";
      }
    }
    return out + "</pre>\n";
  }

  std::string frame(uint32_t index, const rl_site& f) const {
    bool system = v::IsSystemFrame(f);
    return std::string("<li class=\"frame") + (system ? " system" : "") + "\" value=\"" +
           std::to_string(index) + "\"><code class=\"fn\">" +
           esc(f.function && *f.function ? f.function : "??") + "</code> <span class=\"loc\">" +
           esc(location(f)) + "</span></li>\n";
  }

  // Frames numbered as in the text; runs of system frames folded into a <details>.
  std::string stack(const v::Frames& frames) const {
    if (!frames.size) return "<p class=\"nostack\">(no stack)</p>\n";
    std::string out = "<ol class=\"stack\" start=\"0\">\n";
    for (uint32_t i = 0; i < frames.size;) {
      const rl_site& f = *frames.frames[i];
      if (options_.show_system_frames || !v::IsSystemFrame(f)) {
        out += frame(i++, f);
        continue;
      }
      uint32_t end = i;
      while (end < frames.size && v::IsSystemFrame(*frames.frames[end])) ++end;
      out += "<li class=\"folded\" value=\"" + std::to_string(i) + "\"><details><summary>... " +
             std::to_string(end - i) + (end - i == 1 ? " frame in " : " frames in ") +
             esc(v::SystemGroup(f)) +
             "</summary><ol class=\"stack\" start=\"" + std::to_string(i) + "\">\n";
      for (; i < end; ++i) out += frame(i, *frames.frames[i]);
      out += "</ol></details></li>\n";
    }
    if (frames.truncated)
      out += "<li class=\"folded note\">... stack cut at " + std::to_string(frames.size) +
             (frames.size == 1 ? " frame" : " frames") + "</li>\n";
    return out + "</ol>\n";
  }

  std::string event_card(const v::Event& e, size_t index) const {
    std::string out = "<div class=\"event\" data-role=\"" + esc(e.role) + "\" id=\"ev-" +
                      std::to_string(index) + "\">\n";
    out += "<h4>" + esc(*e.description ? e.description : e.role);
    if (*e.role) out += " <span class=\"role\">" + esc(e.role) + "</span>";
    out += "</h4>\n";
    out += snippet(v::TopUserFrame(e.stack));
    out += stack(e.stack);
    return out + "</div>\n";
  }

  const RenderOptions& options_;
};

// --- the lock cycle graph --------------------------------------------------------------------

std::string cycle_svg(const v::Report& r, const std::vector<CycleEdge>& edges, const Html& html,
                      const std::string& id) {
  // Marker ids are per report: a marker inside a hidden (filtered out) report is not drawn.
  const std::string arrow = "arrow-" + id;
  std::vector<uint64_t> locks;
  std::map<uint64_t, std::string> lock_info;
  for (const CycleEdge& e : edges)
    for (uint64_t id : {e.from, e.to})
      if (std::find(locks.begin(), locks.end(), id) == locks.end()) locks.push_back(id);
  for (uint32_t i = 0; i < r.num_events; ++i) {
    const v::Event& e = r.events[i];
    if (e.has_lock && !lock_info.count(e.lock_id))
      lock_info[e.lock_id] = std::string(e.lock_type) + " " + e.lock_address;
  }
  // Locks on a circle (two locks: side by side, so the two edges are arcs above and below).
  const double w = 760, h = locks.size() <= 1 ? 200 : locks.size() == 2 ? 260 : 420;
  const double cx = w / 2, cy = locks.size() <= 1 ? h - 50 : h / 2;
  const double radius = locks.size() <= 1 ? 0 : locks.size() == 2 ? 150 : 150, node_r = 30;
  const double start = locks.size() == 2 ? M_PI : -M_PI / 2;
  std::map<uint64_t, std::pair<double, double>> pos;
  for (size_t i = 0; i < locks.size(); ++i) {
    double a = start + 2 * M_PI * double(i) / double(locks.size());
    pos[locks[i]] = {cx + radius * std::cos(a), cy + radius * std::sin(a)};
  }
  std::string out = "<svg class=\"cycle\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(w) +
                    "\" height=\"" + num(h) + "\" viewBox=\"0 0 " + num(w) + " " + num(h) +
                    "\" role=\"img\" aria-label=\"lock cycle of " + std::to_string(edges.size()) +
                    " edges\">\n";
  out += "<defs><marker id=\"" + arrow + "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
         "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
         "fill=\"#b3261e\"/></marker></defs>\n";
  for (size_t i = 0; i < edges.size(); ++i) {
    const CycleEdge& e = edges[i];
    const v::Event& held = r.events[e.held_event];
    const v::Event& acquired = r.events[e.acquired_event];
    std::string title = thread_name(uint32_t(e.thread)) + " holds " + lock_name(e.from) +
                        " (acquired at " + html.location(*v::TopUserFrame(held.stack)) +
                        ") and acquires " + lock_name(e.to) + " at " +
                        html.location(*v::TopUserFrame(acquired.stack));
    if (!held.stack.size || !acquired.stack.size)
      title = thread_name(uint32_t(e.thread)) + ": " + lock_name(e.from) + " -> " + lock_name(e.to);
    std::string label = (e.thread == 0 ? std::string("main") : "T" + std::to_string(e.thread)) +
                        ": " +
                        html.short_location(v::TopUserFrame(held.stack)) + " \u2192 " +
                        html.short_location(v::TopUserFrame(acquired.stack));
    std::string path;
    double lx, ly;
    auto [x1, y1] = pos[e.from];
    auto [x2, y2] = pos[e.to];
    if (e.from == e.to) {
      // A loop above the node.
      path = "M" + num(x1 - 12) + "," + num(y1 - node_r + 4) + " C" + num(x1 - 70) + "," +
             num(y1 - 120) + " " + num(x1 + 70) + "," + num(y1 - 120) + " " + num(x1 + 12) + "," +
             num(y1 - node_r + 4);
      lx = x1;
      ly = y1 - 100;
    } else {
      // Bend each edge to its right so A->B and B->A do not overlap.
      double dx = x2 - x1, dy = y2 - y1, len = std::sqrt(dx * dx + dy * dy);
      double ux = dx / len, uy = dy / len;
      double sx = x1 + ux * node_r, sy = y1 + uy * node_r;
      double ex = x2 - ux * node_r, ey = y2 - uy * node_r;
      double bend = 80;
      double mx = (x1 + x2) / 2 - uy * bend, my = (y1 + y2) / 2 + ux * bend;
      path = "M" + num(sx) + "," + num(sy) + " Q" + num(mx) + "," + num(my) + " " + num(ex) + "," +
             num(ey);
      // The curve's middle is halfway to the control point; the label just outside it.
      lx = (x1 + x2) / 2 - uy * (bend / 2 + 14);
      ly = (y1 + y2) / 2 + ux * (bend / 2 + 14) + 4;
    }
    out += "<g class=\"edge\" data-thread=\"" + std::to_string(e.thread) + "\" data-from=\"" +
           lock_name(e.from) + "\" data-to=\"" + lock_name(e.to) + "\"><title>" + esc(title) +
           "</title><path d=\"" + path +
           "\" fill=\"none\" stroke=\"#b3261e\" stroke-width=\"2\" marker-end=\"url(#" + arrow + ")\"/>"
           "<text x=\"" + num(lx) + "\" y=\"" + num(ly) +
           "\" text-anchor=\"middle\" class=\"edge-label\">" + esc(label) + "</text></g>\n";
  }
  for (uint64_t id : locks) {
    auto [x, y] = pos[id];
    out += "<g class=\"lock\" data-lock=\"" + lock_name(id) + "\"><title>" + lock_name(id) + " " +
           esc(lock_info[id]) + "</title><circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"" +
           num(node_r) + "\" fill=\"#fde7e4\" stroke=\"#b3261e\" stroke-width=\"2\"/><text x=\"" +
           num(x) + "\" y=\"" + num(y + 5) + "\" text-anchor=\"middle\" class=\"lock-label\">" +
           lock_name(id) + "</text></g>\n";
  }
  return out + "</svg>\n";
}

// --- the race timeline -----------------------------------------------------------------------

std::string race_timeline(const v::Report& r, const Html& html) {
  const v::Event* cur = nullptr;
  const v::Event* prev = nullptr;
  for (uint32_t i = 0; i < r.num_events; ++i) {
    std::string role = r.events[i].role;
    if (role == "current-access" && !cur) cur = &r.events[i];
    if (role == "previous-access" && !prev) prev = &r.events[i];
  }
  if (!cur || !prev || !cur->has_thread || !prev->has_thread) return "";
  struct Mark {
    int lane;
    std::string label;
    std::string detail;
    const char* cls;
  };
  std::vector<uint32_t> lanes = {prev->thread, cur->thread};
  if (lanes[0] == lanes[1]) lanes.pop_back();
  std::vector<Mark> marks;
  // Creations first, in thread order (lower numbers were created earlier).
  std::vector<std::pair<uint32_t, int>> order;
  for (size_t l = 0; l < lanes.size(); ++l) order.push_back({lanes[l], int(l)});
  std::sort(order.begin(), order.end());
  for (auto [tid, lane] : order) {
    const v::Thread* t = nullptr;
    for (uint32_t i = 0; i < r.num_threads; ++i)
      if (r.threads[i].id == tid) t = &r.threads[i];
    if (tid == 0 || (t && t->is_main)) {
      marks.push_back({lane, "program start", "the main thread", "create"});
    } else if (t) {
      const rl_site* where = v::TopUserFrame(t->creation_stack);
      marks.push_back({lane, "created",
                       "created by " + thread_name(t->parent) +
                           (where ? " at " + html.location(*where) : std::string()),
                       "create"});
    }
  }
  auto access_mark = [&](const v::Event& e, int lane, const char* which) {
    const rl_site* where = v::TopUserFrame(e.stack);
    std::string type = *e.access_type ? e.access_type : "access";
    marks.push_back({lane, type + (e.access_atomic ? " (atomic)" : ""),
                     std::string(which) + " " + type + " at " +
                         (where ? html.location(*where) : std::string("??")),
                     "access"});
  };
  access_mark(*prev, 0, "previous");
  access_mark(*cur, lanes.size() > 1 ? 1 : 0, "current");

  const double left = 110, step = 130, lane_h = 56, top = 28;
  const double w = left + step * double(marks.size()) + 40;
  const double h = top + lane_h * double(lanes.size()) + 10;
  std::string out = "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    num(w) + "\" height=\"" + num(h) + "\" viewBox=\"0 0 " + num(w) + " " + num(h) +
                    "\" role=\"img\" aria-label=\"timeline of the two threads\">\n";
  for (size_t l = 0; l < lanes.size(); ++l) {
    double y = top + lane_h * double(l) + lane_h / 2;
    out += "<g class=\"lane\" data-thread=\"" + std::to_string(lanes[l]) + "\"><text x=\"8\" y=\"" +
           num(y + 4) + "\" class=\"lane-label\">" + esc(thread_name(lanes[l])) +
           "</text><line x1=\"" + num(left - 10) + "\" y1=\"" + num(y) + "\" x2=\"" + num(w - 20) +
           "\" y2=\"" + num(y) + "\" stroke=\"#999\" stroke-width=\"2\"/></g>\n";
  }
  for (size_t i = 0; i < marks.size(); ++i) {
    const Mark& m = marks[i];
    double x = left + step * double(i) + step / 2, y = top + lane_h * m.lane + lane_h / 2;
    bool access = std::string(m.cls) == "access";
    out += std::string("<g class=\"mark ") + m.cls + "\"><title>" + esc(m.detail) + "</title>";
    if (access)
      out += "<rect x=\"" + num(x - 8) + "\" y=\"" + num(y - 8) +
             "\" width=\"16\" height=\"16\" fill=\"#b3261e\"/>";
    else
      out += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"7\" fill=\"#1a73e8\"/>";
    out += "<text x=\"" + num(x) + "\" y=\"" + num(y - 14) + "\" text-anchor=\"middle\">" +
           esc(m.label) + "</text></g>\n";
  }
  out += "</svg>\n";
  out += "<p class=\"note\">The report records each thread's creation and the two accesses; "
         "nothing ordered the accesses (no synchronization between them).</p>\n";
  return out;
}

const char kStyle[] = R"CSS(
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 24px 40px; color: #202124; background: #fff; }
h1 { font-size: 22px; margin: 18px 0 4px; }
h2 { font-size: 17px; margin: 0 0 6px; }
h4 { font-size: 13px; margin: 0 0 6px; }
code, pre, .loc { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
table#summary { border-collapse: collapse; margin: 10px 0 18px; }
#summary th, #summary td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; vertical-align: top; }
#summary tr.hidden, section.report.hidden { display: none; }
.kind { display: inline-block; border-radius: 4px; padding: 0 6px; color: #fff; background: #b3261e; font-size: 12px; }
.kind.data-race { background: #c5221f; } .kind.deadlock { background: #7b1fa2; }
.kind.lock-order-inversion { background: #e37400; } .kind.mutex-misuse { background: #1967d2; }
.filters { margin: 8px 0; } .filters label { margin-right: 16px; }
section.report { border: 1px solid #ddd; border-radius: 8px; padding: 12px 16px; margin: 16px 0; }
.where { color: #5f6368; font-family: ui-monospace, monospace; font-size: 12px; }
.events { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 12px; margin: 10px 0; }
.event { border: 1px solid #e0e0e0; border-radius: 6px; padding: 8px 10px; background: #fafafa; overflow-x: auto; }
.role { color: #5f6368; font-weight: normal; font-size: 11px; border: 1px solid #ccc; border-radius: 3px; padding: 0 4px; }
pre.snippet { background: #fff; border: 1px solid #e0e0e0; padding: 4px 6px; margin: 4px 0 6px; overflow-x: auto; }
pre.snippet .line.here { background: #fff3cd; display: inline-block; min-width: 100%; }
.ln { color: #9aa0a6; } .caret { color: #188038; font-weight: bold; }
ol.stack { margin: 0; padding-left: 34px; } ol.stack li::marker { content: "#" counter(list-item) " "; color: #9aa0a6; font-size: 11px; }
li.system, li.folded summary { color: #80868b; } li.folded::marker { content: ""; }
.nostack, .note { color: #80868b; font-size: 12px; }
svg text { font: 12px system-ui, sans-serif; } .lock-label { font-weight: bold; } .edge-label { fill: #b3261e; }
details.text pre { background: #f8f9fa; padding: 6px; overflow-x: auto; }
.figure { margin: 8px 0; }
p.location { margin: 6px 0; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
)CSS";

const char kScript[] = R"JS(
(function () {
  var kind = document.getElementById('filter-kind');
  var file = document.getElementById('filter-file');
  function apply() {
    var k = kind.value, f = file.value.trim().toLowerCase();
    document.querySelectorAll('[data-report]').forEach(function (el) {
      var ok = (!k || el.dataset.kind === k) &&
               (!f || (el.dataset.files || '').toLowerCase().indexOf(f) >= 0);
      el.classList.toggle('hidden', !ok);
    });
  }
  kind.addEventListener('change', apply);
  file.addEventListener('input', apply);
  // A link may preselect the filters: report.html#kind=deadlock&file=bank.cc
  var params = new URLSearchParams(location.hash.slice(1));
  if (params.has('kind')) kind.value = params.get('kind');
  if (params.has('file')) file.value = params.get('file');
  apply();
})();
)JS";

}  // namespace

std::vector<CycleEdge> lock_cycle(const Report& report) {
  std::vector<CycleEdge> edges;
  auto lock_of = [&](size_t i, uint64_t& id) {
    auto events = report.raw.find("events");
    if (events == report.raw.end() || !events->is_array() || i >= events->size()) return false;
    const auto& e = (*events)[i];
    auto lock = e.find("lock");
    if (lock == e.end() || !lock->is_object()) return false;
    auto lid = lock->find("id");
    if (lid == lock->end() || !lid->is_number_integer()) return false;
    id = lid->get<uint64_t>();
    return true;
  };
  const auto& ev = report.events;
  if (report.kind == "lock-order-inversion") {
    // Per edge: lock-acquired (the second lock), then lock-held (the first) by that thread.
    for (size_t i = 0; i + 1 < ev.size(); ++i) {
      if (ev[i].role != "lock-acquired" || ev[i + 1].role != "lock-held") continue;
      CycleEdge e;
      if (!lock_of(i, e.to) || !lock_of(i + 1, e.from)) continue;
      e.thread = ev[i].thread;
      e.acquired_event = i;
      e.held_event = i + 1;
      edges.push_back(e);
    }
  } else if (report.kind == "deadlock" && (report.subkind == "self" || report.subkind == "cycle")) {
    // Per blocked thread: lock-wanted, then one lock-held per lock it holds. The edge starts
    // at the held lock that another thread of the cycle wants (or the wanted one itself).
    std::set<uint64_t> wanted;
    for (size_t i = 0; i < ev.size(); ++i) {
      uint64_t id;
      if (ev[i].role == "lock-wanted" && lock_of(i, id)) wanted.insert(id);
    }
    for (size_t i = 0; i < ev.size(); ++i) {
      CycleEdge e;
      if (ev[i].role != "lock-wanted" || !lock_of(i, e.to)) continue;
      e.thread = ev[i].thread;
      e.acquired_event = i;
      bool found = false;
      for (size_t j = i + 1; j < ev.size() && ev[j].role == "lock-held"; ++j) {
        uint64_t id;
        if (!lock_of(j, id)) continue;
        bool in_cycle = report.subkind == "self" ? id == e.to : wanted.count(id) && id != e.to;
        if (in_cycle || !found) {
          e.from = id;
          e.held_event = j;
        }
        if (in_cycle) break;
        found = true;
      }
      if (e.held_event) edges.push_back(e);
    }
  }
  return edges;
}

std::string html_report(const ReportSet& set, const RenderOptions& options) {
  Html html(options);
  RenderOptions plain = options;
  plain.color = false;
  TextRenderer text(plain);

  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>Racelight report</title>\n<style>" +
      std::string(kStyle) + "</style>\n</head>\n<body>\n<h1>Racelight report</h1>\n";
  out += "<p id=\"totals\">" + esc(text.summary_line(set.summary)) + "</p>\n";

  // Filters.
  out += "<div class=\"filters\"><label>Kind <select id=\"filter-kind\"><option value=\"\">all"
         "</option>";
  for (const auto& [kind, n] : set.summary.per_kind)
    out += "<option value=\"" + esc(kind) + "\">" + esc(kind) + " (" + std::to_string(n) +
           ")</option>";
  out += "</select></label><label>File <input id=\"filter-file\" type=\"search\" "
         "placeholder=\"part of a file name\"></label></div>\n";

  // Summary table.
  std::vector<std::unique_ptr<ReportView>> views;
  std::vector<std::string> files_of;
  out += "<table id=\"summary\"><thead><tr><th>#</th><th>kind</th><th>location</th>"
         "<th>message</th></tr></thead><tbody>\n";
  for (size_t i = 0; i < set.shown.size(); ++i) {
    views.push_back(std::make_unique<ReportView>(set.shown[i]));
    const v::Report& r = views.back()->view();
    std::set<std::string> files;
    for (uint32_t e = 0; e < r.num_events; ++e)
      for (uint32_t f = 0; f < r.events[e].stack.size; ++f) {
        const rl_site& s = *r.events[e].stack.frames[f];
        if (s.file && *s.file && !v::IsSystemFrame(s)) files.insert(html.path(s.file));
      }
    std::string files_attr;
    for (const std::string& f : files) files_attr += (files_attr.empty() ? "" : " ") + f;
    files_of.push_back(files_attr);
    int primary = v::PrimaryEvent(r);
    const rl_site* where = primary >= 0 ? v::TopUserFrame(r.events[primary].stack) : nullptr;
    std::string id = "report-" + std::to_string(i + 1);
    out += "<tr data-report=\"" + id + "\" data-kind=\"" + esc(r.kind) + "\" data-files=\"" +
           esc(files_attr) + "\"><td><a href=\"#" + id + "\">" + std::to_string(i + 1) +
           "</a></td><td><span class=\"kind " + esc(r.kind) + "\">" + esc(r.kind) + "</span>" +
           (*r.subkind ? " " + esc(r.subkind) : std::string()) + "</td><td class=\"where\">" +
           esc(where ? html.location(*where) : std::string(r.program)) + "</td><td>" +
           esc(r.message) + "</td></tr>\n";
  }
  out += "</tbody></table>\n";

  for (size_t i = 0; i < set.shown.size(); ++i) {
    const Report& report = set.shown[i];
    const v::Report& r = views[i]->view();
    std::string id = "report-" + std::to_string(i + 1);
    int primary = v::PrimaryEvent(r);
    const rl_site* where = primary >= 0 ? v::TopUserFrame(r.events[primary].stack) : nullptr;
    out += "<section class=\"report\" id=\"" + id + "\" data-report=\"" + id + "\" data-kind=\"" +
           esc(r.kind) + "\" data-files=\"" + esc(files_of[i]) + "\" data-fingerprint=\"" +
           esc(report.fingerprint) + "\">\n";
    out += "<h2><span class=\"kind " + esc(r.kind) + "\">" + esc(r.kind) + "</span> " +
           esc(r.message) + (*r.subkind ? " <span class=\"role\">" + esc(r.subkind) + "</span>" : "") +
           "</h2>\n";
    out += "<div class=\"where\">" + esc(where ? html.location(*where) : std::string(r.program)) +
           (*r.note ? " &middot; " + esc(r.note) : std::string()) + "</div>\n";

    // What the memory is: the text's Location line (one renderer says it).
    std::string report_text = text.report(report);
    size_t loc = report_text.find("\n  Location: ");
    if (loc != std::string::npos) {
      size_t end = report_text.find('\n', loc + 1);
      out += "<p class=\"location\">" + esc(report_text.substr(loc + 3, end - loc - 3)) + "</p>\n";
    }

    std::vector<CycleEdge> edges = lock_cycle(report);
    if (!edges.empty()) {
      out += "<div class=\"figure\">" + cycle_svg(r, edges, html, id) + "</div>\n";
    } else if (report.kind == "data-race") {
      std::string timeline = race_timeline(r, html);
      if (!timeline.empty()) out += "<div class=\"figure\">" + timeline + "</div>\n";
    }

    out += "<div class=\"events\">\n";
    for (uint32_t e = 0; e < r.num_events; ++e) out += html.event_card(r.events[e], e);
    out += "</div>\n";

    // Location and threads, as in the text.
    if (r.variable.type && r.variable.allocation_stack.size) {
      out += "<details><summary>Allocation stack</summary>" + html.stack(r.variable.allocation_stack) +
             "</details>\n";
    }
    for (uint32_t t = 0; t < r.num_threads; ++t) {
      const v::Thread& th = r.threads[t];
      if (th.is_main || !th.creation_stack.size) continue;
      out += "<details class=\"thread\"><summary>Thread T" + std::to_string(th.id) +
             (th.finished ? " (finished)" : "") + " created by " + esc(thread_name(th.parent)) +
             "</summary>" + html.stack(th.creation_stack) + "</details>\n";
    }
    out += "<details class=\"text\"><summary>As text</summary><pre>" + esc(report_text) +
           "</pre></details>\n";
    out += "</section>\n";
  }
  if (set.shown.empty()) out += "<p>No reports.</p>\n";
  out += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace racelight
