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

  // basename:line, its start cut to at most `max` characters (a label under a small mark);
  // "line N" alone when the file is `same_file` (a full path, the page's main file).
  std::string tiny_location(const rl_site* f, const std::string& same_file = "",
                            size_t max = 18) const {
    if (!f || !f->file || !*f->file) return "";
    std::string file = f->file;
    if (file == same_file && f->line) return "line " + std::to_string(f->line);
    size_t slash = file.rfind('/');
    if (slash != std::string::npos) file = file.substr(slash + 1);
    std::string line = f->line ? ":" + std::to_string(f->line) : "";
    if (file.size() + line.size() > max && max > line.size() + 1)
      file = "\u2026" + file.substr(file.size() - (max - line.size() - 1));
    return file + line;
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
    v::TextOptions text_options;
    text_options.source_root = options_.source_root.c_str();
    std::string omp = racelight::openmp_text(e, text_options);
    if (!omp.empty()) out += "<p class=\"omp\">" + esc(omp) + "</p>\n";
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
    // An edge event without a stack (a hand-edited or truncated report) has no location.
    const rl_site* held_at = v::TopUserFrame(held.stack);
    const rl_site* acquired_at = v::TopUserFrame(acquired.stack);
    std::string title =
        held_at && acquired_at
            ? thread_name(uint32_t(e.thread)) + " holds " + lock_name(e.from) + " (acquired at " +
                  html.location(*held_at) + ") and acquires " + lock_name(e.to) + " at " +
                  html.location(*acquired_at)
            : thread_name(uint32_t(e.thread)) + ": " + lock_name(e.from) + " -> " + lock_name(e.to);
    std::string label = (e.thread == 0 ? std::string("main") : "T" + std::to_string(e.thread)) +
                        ": " +
                        html.short_location(held_at) + " \u2192 " +
                        html.short_location(acquired_at);
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

bool json_uint(const nlohmann::json& o, const char* key, uint64_t& out) {
  auto it = o.find(key);
  if (it == o.end()) return false;
  if (it->is_number_unsigned()) {
    out = it->get<uint64_t>();
    return true;
  }
  if (!it->is_number_integer() || it->get<int64_t>() < 0) return false;
  out = uint64_t(it->get<int64_t>());
  return true;
}

std::string json_str(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string short_thread(uint64_t id) { return id == 0 ? "main" : "T" + std::to_string(id); }

// --- what blocked threads wait on (deadlock owner-exited, stall) -----------------------------

// The events of a deadlock that is not a lock cycle as a graph: threads on the top row, the
// objects they wait on below; an edge from each blocked thread to what it waits on (a join:
// to the joined thread), and from each lock to the thread that holds it (dashed).
std::string wait_svg(const Report& report, const v::Report& r, const Html& html,
                     const std::string& id) {
  const std::string arrow = "warrow-" + id, harrow = "harrow-" + id;
  auto events = report.raw.find("events");
  if (events == report.raw.end() || !events->is_array()) return "";
  std::set<uint64_t> exited;
  for (uint32_t i = 0; i < r.num_threads; ++i)
    if (r.threads[i].finished) exited.insert(r.threads[i].id);
  struct Node {
    std::string key, label, title;
    bool is_thread = false;
    uint64_t thread = 0;
    double x = 0, y = 0;
  };
  struct Edge {
    std::string from, to, kind, label, title;
    uint64_t thread = 0;
    bool held = false;
  };
  std::vector<Node> threads, objects;
  std::vector<Edge> edges;
  auto thread_node = [&](uint64_t t) {
    std::string key = "t" + std::to_string(t);
    for (const Node& n : threads)
      if (n.key == key) return key;
    Node n;
    n.key = key;
    n.is_thread = true;
    n.thread = t;
    n.label = short_thread(t);
    n.title = thread_name(uint32_t(t)) + (exited.count(t) ? " (exited)" : "");
    threads.push_back(n);
    return key;
  };
  auto object_node = [&](const std::string& key, const std::string& label, const std::string& title) {
    for (const Node& n : objects)
      if (n.key == key) return key;
    Node n;
    n.key = key;
    n.label = label;
    n.title = title;
    objects.push_back(n);
    return key;
  };
  auto has_edge = [&](const std::string& from, const std::string& to) {
    for (const Edge& e : edges)
      if (e.from == from && e.to == to) return true;
    return false;
  };
  for (size_t i = 0; i < events->size() && i < r.num_events; ++i) {
    const auto& e = (*events)[i];
    if (!e.is_object()) continue;
    const v::Event& ve = r.events[i];
    if (!ve.has_thread) continue;
    std::string role = ve.role;
    std::string waiter = thread_node(ve.thread);
    const rl_site* where = v::TopUserFrame(ve.stack);
    std::string at = where ? " at " + html.location(*where) : std::string();
    nlohmann::json wait = e.contains("wait") && e["wait"].is_object() ? e["wait"] : nlohmann::json::object();
    uint64_t target = 0;
    bool has_target = json_uint(wait, "thread", target);
    std::string object = json_str(wait, "object");
    std::string lock_key;
    if (ve.has_lock) {
      lock_key = object_node("m" + std::to_string(ve.lock_id), lock_name(ve.lock_id),
                             std::string(ve.lock_type) + " " + lock_name(ve.lock_id) + " " +
                                 ve.lock_address);
    }
    Edge edge;
    edge.from = waiter;
    edge.thread = ve.thread;
    edge.kind = role;
    edge.title = ve.description + at;
    if (role == "lock-held") {
      if (lock_key.empty() || has_edge(lock_key, waiter)) continue;
      edge.from = lock_key;
      edge.to = waiter;
      edge.held = true;
      edge.label = "held";
      edges.push_back(edge);
      continue;
    }
    if (role == "lock-wanted") {
      if (lock_key.empty()) continue;
      edge.to = lock_key;
      edge.label = "waits";
    } else if (role == "join") {
      if (!has_target) continue;
      edge.to = thread_node(target);
      edge.label = "joins";
    } else if (role == "cond-wait" || role == "sem-wait" || role == "barrier-wait") {
      if (object.empty()) continue;
      std::string what = role == "cond-wait" ? "cond" : role == "sem-wait" ? "sem" : "barrier";
      uint64_t count = 0;
      std::string title = (role == "cond-wait" ? "condition variable " : role == "sem-wait" ? "semaphore " : "barrier ") + object;
      if (json_uint(wait, "count", count)) title += " (for " + std::to_string(count) + " threads)";
      std::string mutex = json_str(wait, "mutex");
      if (!mutex.empty()) title += " with mutex " + mutex;
      edge.to = object_node(object, what + " \u2026" + object.substr(object.size() > 4 ? object.size() - 4 : 0), title);
      edge.label = role == "cond-wait" ? "waits" : role == "sem-wait" ? "waits" : "waits";
    } else {
      continue;
    }
    edges.push_back(edge);
    // A lock's holder, named by the wait (the owner of a lock-wanted).
    if (role == "lock-wanted" && has_target) {
      std::string owner = thread_node(target);
      if (!has_edge(lock_key, owner)) {
        Edge held;
        held.from = lock_key;
        held.to = owner;
        held.held = true;
        held.kind = "lock-held";
        held.thread = target;
        held.label = exited.count(target) ? "held (exited)" : "held";
        held.title = lock_name(ve.lock_id) + " is held by " + thread_name(uint32_t(target)) +
                     (exited.count(target) ? ", which exited without releasing it" : "");
        edges.push_back(held);
      }
    }
  }
  // The owner-exited report's lock-held event is by the exited owner.
  for (Edge& e : edges)
    if (e.held && exited.count(e.thread) && e.label == "held") e.label = "held (exited)";
  bool any_wait = false;
  for (const Edge& e : edges) any_wait |= !e.held;
  if (!any_wait) return "";

  bool joins = false;
  for (const Edge& e : edges) joins |= e.kind == "join";
  const double step = 150, top = joins ? 80 : 30, row_gap = 124, node_w = 96, node_h = 34;
  size_t columns = std::max(threads.size(), objects.size());
  const double w = std::max(360.0, step * double(columns) + 40), h = top + row_gap + node_h + 10;
  std::map<std::string, const Node*> by_key;
  for (size_t i = 0; i < threads.size(); ++i) {
    threads[i].x = (w - step * double(threads.size())) / 2 + step * (double(i) + 0.5);
    threads[i].y = top;
    by_key[threads[i].key] = &threads[i];
  }
  for (size_t i = 0; i < objects.size(); ++i) {
    objects[i].x = (w - step * double(objects.size())) / 2 + step * (double(i) + 0.5);
    objects[i].y = top + row_gap;
    by_key[objects[i].key] = &objects[i];
  }
  size_t num_waits = 0;
  for (const Edge& e : edges) num_waits += !e.held;
  std::string out = "<svg class=\"waits\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(w) +
                    "\" height=\"" + num(h) + "\" viewBox=\"0 0 " + num(w) + " " + num(h) +
                    "\" role=\"img\" aria-label=\"" + std::to_string(threads.size()) +
                    " threads and what " + std::to_string(num_waits) + " of them wait on\">\n";
  out += "<defs><marker id=\"" + arrow + "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
         "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#7b1fa2\"/>"
         "</marker><marker id=\"" + harrow + "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
         "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 "
         "L0,10 z\" fill=\"#80868b\"/></marker></defs>\n";
  for (const Edge& e : edges) {
    const Node* a = by_key[e.from];
    const Node* b = by_key[e.to];
    if (!a || !b) continue;
    std::string path;
    double lx, ly;
    if (a->is_thread && b->is_thread) {
      // A join: an arc above the row of threads.
      double x1 = a->x, x2 = b->x, y = top - node_h / 2;
      double lift = 40 + std::abs(x2 - x1) * 0.12;
      path = "M" + num(x1) + "," + num(y) + " C" + num(x1) + "," + num(y - lift) + " " + num(x2) +
             "," + num(y - lift) + " " + num(x2 + (x2 > x1 ? -6 : 6)) + "," + num(y - 2);
      lx = (x1 + x2) / 2;
      ly = y - lift * 0.75 - 4;
    } else {
      double x1 = a->x, y1 = a->y + (a->y < b->y ? node_h / 2 : -node_h / 2);
      double x2 = b->x, y2 = b->y + (b->y < a->y ? node_h / 2 : -node_h / 2);
      // Waits and holds between the same two nodes bend apart.
      double bend = e.held ? 26 : -26;
      double mx = (x1 + x2) / 2 + bend, my = (y1 + y2) / 2;
      path = "M" + num(x1) + "," + num(y1) + " Q" + num(mx) + "," + num(my) + " " + num(x2) + "," + num(y2);
      lx = (x1 + x2) / 2 + bend * 0.5 + (e.held ? 18 : -18);
      ly = my + 4;
    }
    out += std::string("<g class=\"wait-edge ") + (e.held ? "held" : "wait") + "\" data-kind=\"" +
           esc(e.kind) + "\" data-thread=\"" + std::to_string(e.thread) + "\"><title>" + esc(e.title) +
           "</title><path d=\"" + path + "\" fill=\"none\" stroke=\"" + (e.held ? "#80868b" : "#7b1fa2") +
           "\" stroke-width=\"2\"" + (e.held ? " stroke-dasharray=\"5,3\"" : "") + " marker-end=\"url(#" +
           (e.held ? harrow : arrow) + ")\"/><text x=\"" + num(lx) + "\" y=\"" + num(ly) +
           "\" text-anchor=\"middle\" class=\"" + (e.held ? "held-label" : "wait-label") + "\">" +
           esc(e.label) + "</text></g>\n";
  }
  for (const std::vector<Node>* row : {&threads, &objects}) {
    for (const Node& n : *row) {
      bool dead = n.is_thread && exited.count(n.thread);
      out += std::string("<g class=\"wait-node ") + (n.is_thread ? "thread" : "object") + "\"" +
             (n.is_thread ? " data-thread=\"" + std::to_string(n.thread) + "\"" : " data-object=\"" + esc(n.key) + "\"") +
             (dead ? " data-exited=\"true\"" : "") + "><title>" + esc(n.title) + "</title>";
      if (n.is_thread)
        out += "<rect x=\"" + num(n.x - node_w / 2) + "\" y=\"" + num(n.y - node_h / 2) + "\" width=\"" +
               num(node_w) + "\" height=\"" + num(node_h) + "\" rx=\"6\" fill=\"" +
               (dead ? "#eeeeee" : "#f3e5f5") + "\" stroke=\"" + (dead ? "#80868b" : "#7b1fa2") +
               "\" stroke-width=\"2\"" + (dead ? " stroke-dasharray=\"4,3\"" : "") + "/>";
      else
        out += "<ellipse cx=\"" + num(n.x) + "\" cy=\"" + num(n.y) + "\" rx=\"" + num(node_w / 2) +
               "\" ry=\"" + num(node_h / 2) + "\" fill=\"#fde7e4\" stroke=\"#b3261e\" stroke-width=\"2\"/>";
      out += "<text x=\"" + num(n.x) + "\" y=\"" + num(n.y + 4) + "\" text-anchor=\"middle\" class=\"lock-label\">" +
             esc(n.label + (dead ? " \u2020" : "")) + "</text></g>\n";
    }
  }
  return out + "</svg>\n<p class=\"note\">Each blocked thread (top) and what it waits on; a "
               "dashed arrow goes from a lock to the thread that holds it" +
         std::string(exited.empty() ? "" : "; \u2020 marks a thread that exited") + ".</p>\n";
}

// --- the race timeline -----------------------------------------------------------------------

// One synchronization event of the report's "timeline" (docs/report-format.md).
struct SyncMark {
  std::string kind;
  std::string order;  // before, after, same-epoch, unknown
  std::string object;
  bool has_lock = false;
  uint64_t lock_id = 0;
  std::string lock_type;
  bool has_thread = false;
  uint64_t thread = 0;
  uint64_t epoch = 0;
  uint64_t count = 1;
  Frame site;
  bool has_site = false;
};

struct ThreadSync {
  std::string role;
  uint64_t thread = 0;
  uint64_t earlier = 0;
  bool kept = true;
  std::vector<SyncMark> events;
};

// The report's per-thread synchronization, by access role; lenient (wrong shapes skipped).
std::map<std::string, ThreadSync> thread_sync(const Report& report) {
  std::map<std::string, ThreadSync> out;
  auto tl = report.raw.find("timeline");
  if (tl == report.raw.end() || !tl->is_array()) return out;
  for (const auto& t : *tl) {
    if (!t.is_object()) continue;
    ThreadSync ts;
    ts.role = json_str(t, "role");
    json_uint(t, "thread", ts.thread);
    json_uint(t, "earlier", ts.earlier);
    auto kept = t.find("kept");
    ts.kept = kept == t.end() || !kept->is_boolean() || kept->get<bool>();
    auto events = t.find("events");
    if (events != t.end() && events->is_array()) {
      for (const auto& e : *events) {
        if (!e.is_object()) continue;
        SyncMark m;
        m.kind = json_str(e, "kind");
        m.order = json_str(e, "order");
        m.object = json_str(e, "object");
        json_uint(e, "epoch", m.epoch);
        json_uint(e, "count", m.count);
        m.has_thread = json_uint(e, "thread", m.thread);
        auto lock = e.find("lock");
        if (lock != e.end() && lock->is_object()) {
          m.has_lock = json_uint(*lock, "id", m.lock_id);
          m.lock_type = json_str(*lock, "type");
        }
        auto site = e.find("site");
        if (site != e.end() && site->is_object()) {
          std::vector<Frame> frames = frames_from_json(nlohmann::json::array({*site}));
          if (!frames.empty()) {
            m.site = frames[0];
            m.has_site = true;
          }
        }
        ts.events.push_back(std::move(m));
      }
    }
    if (!ts.role.empty()) out[ts.role] = std::move(ts);
  }
  return out;
}

bool is_acquire(const std::string& kind) {
  return kind == "lock" || kind == "read-lock" || kind == "join" || kind == "sem-wait" ||
         kind == "atomic-acquire";
}
bool is_release(const std::string& kind) {
  return kind == "unlock" || kind == "read-unlock" || kind == "create" || kind == "sem-post" ||
         kind == "atomic-release";
}

// The mark's short label ("lock M3", "create T2") and its full description.
std::pair<std::string, std::string> sync_label(const SyncMark& m, const Html& html) {
  std::string label = m.kind, detail = m.kind;
  if (m.kind == "create" || m.kind == "join") {
    label += " " + short_thread(m.thread);
    detail += " " + thread_name(uint32_t(m.thread));
  } else if (m.kind == "cond-wait") {
    label = "wait";
    detail = "waited on condition variable " + m.object;
    if (m.has_lock) {
      label += " (" + lock_name(m.lock_id) + ")";
      detail += " with " + m.lock_type + " " + lock_name(m.lock_id) +
                " (released while waiting, then reacquired)";
    }
  } else if (m.has_lock) {
    label += " " + lock_name(m.lock_id);
    detail += " " + m.lock_type + " " + lock_name(m.lock_id) + " " + m.object;
  } else if (!m.object.empty()) {
    detail += " " + m.object;
  }
  if (m.kind.rfind("atomic-", 0) == 0) label = m.kind.substr(7);
  if (m.count > 1) {
    label += " \u00d7" + std::to_string(m.count);
    detail += " (" + std::to_string(m.count) + " times in a row)";
  }
  if (m.has_site) {
    rl_site site{};
    site.function = m.site.function.c_str();
    site.file = m.site.file.c_str();
    site.line = uint32_t(m.site.line);
    site.column = uint32_t(m.site.column);
    detail += " at " + html.location(site);
  }
  detail += ", epoch " + std::to_string(m.epoch);
  if (m.order == "same-epoch")
    detail += "; in the same epoch as the access: it may have come just before or just after it";
  else if (m.order == "after")
    detail += "; after the access";
  else if (m.order == "unknown")
    detail += "; in another clock (an OpenMP task): its order with the access is not known";
  return {label, detail};
}

std::string race_timeline(const Report& report, const v::Report& r, const Html& html) {
  const v::Event* cur = nullptr;
  const v::Event* prev = nullptr;
  for (uint32_t i = 0; i < r.num_events; ++i) {
    std::string role = r.events[i].role;
    if (role == "current-access" && !cur) cur = &r.events[i];
    if (role == "previous-access" && !prev) prev = &r.events[i];
  }
  if (!cur || !prev || !cur->has_thread || !prev->has_thread) return "";
  std::map<std::string, ThreadSync> sync = thread_sync(report);
  // Marks in the current access's file say just their line.
  const rl_site* cur_top = v::TopUserFrame(cur->stack);
  const std::string main_file = cur_top && cur_top->file ? cur_top->file : "";
  struct Mark {
    std::string cls;  // create, access, sync acquire/release/other
    std::string label;
    std::string sub;  // the short location under the mark
    std::string detail;
    std::string kind, order;
    int column = 0;
  };
  struct Lane {
    uint32_t thread;
    const v::Event* access;
    const char* which;
    std::vector<Mark> marks;
    int access_column = 0;
    std::string note;
  };
  std::vector<Lane> lanes = {{prev->thread, prev, "previous", {}, 0, ""},
                             {cur->thread, cur, "current", {}, 0, ""}};
  for (Lane& lane : lanes) {
    const v::Thread* t = nullptr;
    for (uint32_t i = 0; i < r.num_threads; ++i)
      if (r.threads[i].id == lane.thread) t = &r.threads[i];
    if (lane.thread == 0 || (t && t->is_main)) {
      lane.marks.push_back({"create", "start", "", "program start: the main thread", "", "", 0});
    } else if (t) {
      const rl_site* where = v::TopUserFrame(t->creation_stack);
      lane.marks.push_back({"create", "created", where ? html.tiny_location(where, main_file) : "",
                            "created by " + thread_name(t->parent) +
                                (where ? " at " + html.location(*where) : std::string()),
                            "", "", 0});
    }
    auto it = sync.find(lane.access->role);
    const ThreadSync* ts = it != sync.end() && it->second.thread == lane.thread ? &it->second : nullptr;
    if (ts && ts->earlier)
      lane.marks.push_back({"gap", "\u2026", "", std::to_string(ts->earlier) +
                            " earlier synchronization event" + (ts->earlier == 1 ? "" : "s") +
                            " not shown", "", "", 0});
    if (ts && !ts->kept)
      lane.note = thread_name(lane.thread) + " synchronized too often after its access: what it "
                  "did before the access is no longer kept.";
    auto access_mark = [&]() {
      const rl_site* where = v::TopUserFrame(lane.access->stack);
      std::string type = *lane.access->access_type ? lane.access->access_type : "access";
      lane.access_column = int(lane.marks.size());
      lane.marks.push_back({"access", type + (lane.access->access_atomic ? " (atomic)" : ""),
                            where ? html.tiny_location(where, main_file) : "",
                            std::string(lane.which) + " " + type + " at " +
                                (where ? html.location(*where) : std::string("??")),
                            "", "", 0});
    };
    bool access_done = false;
    if (ts) {
      for (const SyncMark& m : ts->events) {
        if (m.order == "after" && !access_done) {
          access_mark();
          access_done = true;
        }
        auto [label, detail] = sync_label(m, html);
        std::string cls = is_acquire(m.kind) ? "sync acquire"
                          : is_release(m.kind) ? "sync release"
                                               : "sync both";
        if (m.kind == "cond-signal" || m.kind == "cond-broadcast") cls = "sync other";
        rl_site site{};
        site.file = m.site.file.c_str();
        site.line = uint32_t(m.site.line);
        lane.marks.push_back({cls, label, m.has_site ? html.tiny_location(&site, main_file) : "", detail,
                              m.kind, m.order, 0});
      }
    }
    if (!access_done) access_mark();
  }
  // Columns: each lane left to right. A thread created by the other one starts in the column
  // of that creation (an arrow joins the two); the current access comes last (it was found
  // after the other).
  for (Lane& lane : lanes)
    for (size_t i = 0; i < lane.marks.size(); ++i) lane.marks[i].column = int(i);
  struct Arrow {
    size_t from_lane, to_lane;
    int column;
  };
  std::vector<Arrow> arrows;
  for (size_t a = 0; a < lanes.size(); ++a) {
    size_t b = 1 - a;
    if (lanes[b].marks.empty() || lanes[b].marks[0].cls != "create" ||
        lanes[b].marks[0].label != "created")
      continue;
    for (const Mark& m : lanes[a].marks) {
      if (m.kind != "create" || m.label != "create " + short_thread(lanes[b].thread)) continue;
      for (Mark& mb : lanes[b].marks) mb.column += m.column;
      lanes[b].access_column += m.column;
      arrows.push_back({a, b, m.column});
      break;
    }
  }
  int columns = 0;
  for (const Lane& lane : lanes) columns = std::max(columns, lane.marks.back().column + 1);
  Lane& current = lanes[1];
  int want = std::max(columns - 1, lanes[0].access_column + 1);
  if (current.marks.back().column < want) current.marks.back().column = want;
  columns = std::max(columns, want + 1);

  const double left = 110, step = 116, lane_h = 74, top = 30;
  const double w = left + step * double(columns) + 30;
  const double h = top + lane_h * double(lanes.size()) + 6;
  std::string out = "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    num(w) + "\" height=\"" + num(h) + "\" viewBox=\"0 0 " + num(w) + " " + num(h) +
                    "\" role=\"img\" aria-label=\"timeline of the two threads\">\n";
  for (const Arrow& a : arrows) {
    double x = left + step * double(a.column) + step / 2;
    double y1 = top + lane_h * double(a.from_lane) + lane_h / 2 - 6;
    double y2 = top + lane_h * double(a.to_lane) + lane_h / 2 - 6;
    double dir = y2 > y1 ? 1 : -1;
    out += "<g class=\"spawn\"><title>" + esc(thread_name(lanes[a.from_lane].thread)) +
           " creates " + esc(thread_name(lanes[a.to_lane].thread)) + "</title><line x1=\"" + num(x) +
           "\" y1=\"" + num(y1 + dir * 9) + "\" x2=\"" + num(x) + "\" y2=\"" + num(y2 - dir * 9) +
           "\" stroke=\"#1a73e8\" stroke-width=\"1.5\" stroke-dasharray=\"4,3\"/></g>\n";
  }
  for (size_t l = 0; l < lanes.size(); ++l) {
    const Lane& lane = lanes[l];
    double y = top + lane_h * double(l) + lane_h / 2 - 6;
    out += "<g class=\"lane\" data-thread=\"" + std::to_string(lane.thread) + "\" data-role=\"" +
           esc(lane.access->role) + "\"><text x=\"8\" y=\"" + num(y + 4) +
           "\" class=\"lane-label\">" + esc(thread_name(lane.thread)) + "</text><line x1=\"" +
           num(left - 10) + "\" y1=\"" + num(y) + "\" x2=\"" + num(w - 10) + "\" y2=\"" + num(y) +
           "\" stroke=\"#bbb\" stroke-width=\"2\"/>\n";
    for (const Mark& m : lane.marks) {
      double x = left + step * double(m.column) + step / 2;
      out += "<g class=\"mark " + m.cls + "\"" +
             (m.kind.empty() ? "" : " data-kind=\"" + esc(m.kind) + "\" data-order=\"" + esc(m.order) + "\"") +
             "><title>" + esc(m.detail) + "</title>";
      if (m.cls == "access") {
        out += "<rect x=\"" + num(x - 8) + "\" y=\"" + num(y - 8) +
               "\" width=\"16\" height=\"16\" fill=\"#b3261e\"/>";
      } else if (m.cls == "create") {
        out += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"7\" fill=\"#1a73e8\"/>";
      } else if (m.cls == "gap") {
        // nothing but the label
      } else {
        const char* fill = m.cls == "sync acquire"   ? "#188038"
                           : m.cls == "sync release" ? "#e37400"
                           : m.cls == "sync both"    ? "#8e24aa"
                                                     : "#80868b";
        out += "<path d=\"M" + num(x) + "," + num(y - 8) + " L" + num(x + 8) + "," + num(y) + " L" +
               num(x) + "," + num(y + 8) + " L" + num(x - 8) + "," + num(y) + " z\" fill=\"" + fill +
               "\"" + (m.order == "same-epoch" ? " fill-opacity=\"0.35\" stroke=\"" + std::string(fill) +
                                                     "\" stroke-dasharray=\"3,2\""
                                               : std::string()) +
               "/>";
      }
      out += "<text x=\"" + num(x) + "\" y=\"" + num(y - 14) + "\" text-anchor=\"middle\">" +
             esc(m.label) + "</text>";
      if (!m.sub.empty())
        out += "<text x=\"" + num(x) + "\" y=\"" + num(y + 22) +
               "\" text-anchor=\"middle\" class=\"mark-loc\">" + esc(m.sub) + "</text>";
      out += "</g>\n";
    }
    out += "</g>\n";
  }
  out += "</svg>\n";
  std::string note;
  if (sync.empty())
    note = "The report records each thread's creation and the two accesses.";
  else
    note = "Each thread's synchronization, oldest first (hover a mark for details): "
           "<span class=\"key acquire\">&#9670;</span> acquires, "
           "<span class=\"key release\">&#9670;</span> releases, "
           "<span class=\"key both\">&#9670;</span> both; a pale mark is in the same epoch as "
           "its thread's access (either side of it). None of it orders the two accesses.";
  out += "<p class=\"note\">" + note + "</p>\n";
  for (const Lane& lane : lanes)
    if (!lane.note.empty()) out += "<p class=\"note\">" + esc(lane.note) + "</p>\n";
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
p.omp { color: #5f6368; font-size: 12px; margin: 0 0 4px; }
svg text { font: 12px system-ui, sans-serif; } .lock-label { font-weight: bold; } .edge-label { fill: #b3261e; }
svg text.mark-loc { font-size: 10px; fill: #5f6368; }
.wait-label { fill: #7b1fa2; } .held-label { fill: #5f6368; }
.key.acquire { color: #188038; } .key.release { color: #e37400; } .key.both { color: #8e24aa; }
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
    } else if (report.kind == "deadlock" &&
               (report.subkind == "owner-exited" || report.subkind == "stall")) {
      std::string waits = wait_svg(report, r, html, id);
      if (!waits.empty()) out += "<div class=\"figure\">" + waits + "</div>\n";
    } else if (report.kind == "data-race") {
      std::string timeline = race_timeline(report, r, html);
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
