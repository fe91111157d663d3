#include "sarif.h"

#include <cctype>
#include <map>

#include "paths.h"
#include "version.h"
#include "view.h"

using nlohmann::json;

namespace racelight {
namespace {

struct KindInfo {
  const char* id;
  const char* name;
  const char* short_text;
  const char* full_text;
};

const KindInfo kKinds[] = {
    {"data-race", "DataRace", "Data race",
     "Two threads accessed the same memory location concurrently, at least one of the accesses "
     "was a write, and no synchronization ordered them. The result of the program depends on "
     "timing and the C/C++ behaviour is undefined."},
    {"deadlock", "Deadlock", "Deadlock",
     "Threads blocked forever: each one waits for a lock that another one of them holds."},
    {"lock-order-inversion", "LockOrderInversion", "Lock-order inversion (potential deadlock)",
     "Locks were acquired in orders that form a cycle. Threads following these orders at the "
     "same time can deadlock, even though this run did not."},
    {"mutex-misuse", "MutexMisuse", "Mutex misuse",
     "A lock was used incorrectly, for example unlocked by a thread that does not hold it, "
     "destroyed while held, or locked again by its owner when it is not recursive."},
};

std::string help_uri() { return std::string(RACELIGHT_HOMEPAGE) + "/blob/main/docs/usage.md"; }

json make_rule(const std::string& kind) {
  std::string name, short_text, full_text;
  for (const KindInfo& k : kKinds)
    if (kind == k.id) {
      name = k.name;
      short_text = k.short_text;
      full_text = k.full_text;
    }
  if (name.empty()) {
    // A kind this version does not know: derive the texts from the id.
    bool upper = true;
    for (char c : kind) {
      if (c == '-' || c == '_' || c == ' ') {
        upper = true;
        continue;
      }
      name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
    short_text = kind;
    full_text = "Racelight report of kind '" + kind + "'.";
  }
  return {{"id", kind},
          {"name", name},
          {"shortDescription", {{"text", short_text}}},
          {"fullDescription", {{"text", full_text}}},
          {"help", {{"text", full_text + " See " + help_uri() + " for how to read the report."}}},
          {"helpUri", help_uri()},
          {"defaultConfiguration", {{"level", "error"}}},
          {"properties",
           {{"tags", json::array({"concurrency", "reliability", "racelight"})},
            {"precision", "high"},
            {"problem.severity", "error"}}}};
}

class Builder {
 public:
  explicit Builder(const RenderOptions& options) : options_(options) {}

  json artifact(const std::string& file) const {
    std::string rel = relative_to(file, options_.source_root);
    if (!rel.empty()) return {{"uri", uri_encode_path(rel)}, {"uriBaseId", "%SRCROOT%"}};
    if (!file.empty() && file[0] == '/') return {{"uri", "file://" + uri_encode_path(file)}};
    // A relative path from debug info: relative to the compilation directory, which is
    // usually the source root.
    std::string norm = file.empty() ? std::string("unknown") : file;
    while (norm.compare(0, 2, "./") == 0) norm.erase(0, 2);
    return {{"uri", uri_encode_path(norm)}, {"uriBaseId", "%SRCROOT%"}};
  }

  json physical(const Frame& f) const {
    return {{"artifactLocation", artifact(f.file)},
            {"region",
             {{"startLine", f.line}, {"startColumn", f.column > 0 ? f.column : int64_t{1}}}}};
  }

  std::string event_text(const Event& e) const {
    if (!e.description.empty()) return e.description;
    std::string t = e.role.empty() ? std::string("event") : e.role;
    if (e.has_thread) t += " in thread " + std::to_string(e.thread);
    return t;
  }

  json result(const Report& r, size_t rule_index) const {
    json res = {{"ruleId", r.kind},
                {"ruleIndex", rule_index},
                {"level", "error"},
                {"message", {{"text", r.message}}}};
    int primary = primary_event_index(r);
    json locations = json::array();
    if (primary >= 0) {
      const Frame* f = top_user_frame(r.events[primary]);
      json loc = {{"physicalLocation", physical(*f)}};
      if (!f->function.empty())
        loc["logicalLocations"] =
            json::array({{{"fullyQualifiedName", f->function}, {"kind", "function"}}});
      locations.push_back(std::move(loc));
    } else {
      // No frame has a line: point at the program, so the result still has a location.
      auto program = r.raw.find("program");
      std::string file =
          program != r.raw.end() && program->is_string() ? program->get<std::string>() : "";
      locations.push_back(
          {{"physicalLocation",
            {{"artifactLocation", artifact(file)},
             {"region", {{"startLine", 1}, {"startColumn", 1}}}}}});
    }
    res["locations"] = std::move(locations);

    // An access in OpenMP code says which construct it ran in after its description.
    ReportView view(r);
    auto text_of = [&](size_t i) {
      std::string text = event_text(r.events[i]);
      if (i < view.view().num_events) {
        std::string omp = openmp_text(view.view().events[i]);
        if (!omp.empty()) text += ", " + omp;
      }
      return text;
    };
    json related = json::array();
    int id = 1;
    for (size_t i = 0; i < r.events.size(); ++i) {
      if (static_cast<int>(i) == primary) continue;
      const Frame* f = top_user_frame(r.events[i]);
      if (!f || f->line <= 0) continue;
      related.push_back({{"id", id++},
                         {"physicalLocation", physical(*f)},
                         {"message", {{"text", text_of(i)}}}});
    }
    if (!related.empty()) res["relatedLocations"] = std::move(related);

    json thread_flows = json::array();
    for (size_t i = 0; i < r.events.size(); ++i) {
      const Event& e = r.events[i];
      json locs = json::array();
      int nesting = 0;
      for (auto it = e.stack.rbegin(); it != e.stack.rend(); ++it) {
        if (it->line <= 0) continue;
        json loc = {{"physicalLocation", physical(*it)}};
        if (!it->function.empty()) loc["message"] = {{"text", it->function}};
        locs.push_back({{"location", std::move(loc)}, {"nestingLevel", nesting++}});
      }
      if (locs.empty()) continue;
      json flow = {{"message", {{"text", text_of(i)}}}, {"locations", std::move(locs)}};
      json props = json::object();
      if (!e.role.empty()) props["role"] = e.role;
      if (e.has_thread) props["thread"] = e.thread;
      if (e.stack_truncated) props["stackTruncated"] = true;  // outermost frames left out
      if (!props.empty()) flow["properties"] = std::move(props);
      thread_flows.push_back(std::move(flow));
    }
    if (!thread_flows.empty())
      res["codeFlows"] = json::array({{{"threadFlows", std::move(thread_flows)}}});

    res["partialFingerprints"] = {{"racelight/v1", r.fingerprint}};
    json props = {{"kind", r.kind}, {"occurrences", r.occurrences}};
    if (!r.subkind.empty()) props["subkind"] = r.subkind;
    res["properties"] = std::move(props);
    return res;
  }

 private:
  const RenderOptions& options_;
};

}  // namespace

std::string uri_encode_path(const std::string& path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' ||
        c == '+' || c == '@' || c == ',' || c == '=') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

json sarif_log(const ReportSet& set, const RenderOptions& options) {
  // Rules: the known kinds, then any other kind in the results, in order of appearance.
  json rules = json::array();
  std::map<std::string, size_t> rule_index;
  for (const KindInfo& k : kKinds) {
    rule_index[k.id] = rules.size();
    rules.push_back(make_rule(k.id));
  }
  for (const Report& r : set.shown)
    if (!rule_index.count(r.kind)) {
      rule_index[r.kind] = rules.size();
      rules.push_back(make_rule(r.kind));
    }

  Builder builder(options);
  json results = json::array();
  for (const Report& r : set.shown) {
    if (results.size() == kMaxOutputResults) break;
    results.push_back(builder.result(r, rule_index[r.kind]));
  }
  // Reports counted but not written: past kMaxOutputResults, or never kept (kMaxKeptReports).
  size_t omitted = set.summary.reports - results.size();

  std::string root = absolute_path(options.source_root.empty() ? current_directory()
                                                               : options.source_root);
  if (root.empty() || root.back() != '/') root += '/';

  json driver = {{"name", "Racelight"},
                 {"informationUri", RACELIGHT_HOMEPAGE},
                 {"version", RACELIGHT_VERSION},
                 {"semanticVersion", RACELIGHT_VERSION},
                 {"rules", std::move(rules)}};
  json run = {{"tool", {{"driver", std::move(driver)}}},
              {"originalUriBaseIds", {{"%SRCROOT%", {{"uri", "file://" + uri_encode_path(root)}}}}},
              {"results", std::move(results)},
              {"properties", {{"suppressedCount", set.summary.suppressed}}}};
  if (omitted) run["properties"]["omittedCount"] = omitted;
  if (set.summary.has_baseline) {
    run["properties"]["knownCount"] = set.summary.known;
    run["properties"]["fixedCount"] = set.summary.fixed;
  }
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", json::array({std::move(run)})}};
}

}  // namespace racelight
