#include "render.h"

#include <algorithm>

#include "html_render.h"
#include "junit.h"
#include "sarif.h"
#include "text_render.h"

namespace racelight {

bool parse_format(const std::string& name, Format& out) {
  static const std::pair<const char*, Format> kFormats[] = {
      {"text", Format::kText},   {"json", Format::kJson},      {"sarif", Format::kSarif},
      {"junit", Format::kJunit}, {"summary", Format::kSummary}, {"html", Format::kHtml}};
  for (const auto& [n, f] : kFormats)
    if (name == n) {
      out = f;
      return true;
    }
  return false;
}

void count_kinds(ReportSet& set) {
  static const char* const kKnown[] = {"data-race", "deadlock", "lock-order-inversion",
                                       "mutex-misuse"};
  std::map<std::string, size_t> counts;
  size_t occurrences = 0;
  for (const Report& r : set.shown) {
    ++counts[r.kind];
    occurrences += r.occurrences;
  }
  size_t omitted = 0;
  for (const auto& [kind, n] : set.omitted_kinds) {
    counts[kind] += n;
    omitted += n;
  }
  occurrences += set.omitted_occurrences;
  set.summary.per_kind.clear();
  for (const char* k : kKnown) {
    auto it = counts.find(k);
    if (it == counts.end()) continue;
    set.summary.per_kind.emplace_back(it->first, it->second);
    counts.erase(it);
  }
  for (const auto& kv : counts) set.summary.per_kind.push_back(kv);
  set.summary.reports = set.shown.size() + omitted;
  set.summary.occurrences = occurrences;
}

std::string render_json_lines(const std::vector<Report>& reports) {
  std::string out;
  for (const Report& r : reports) {
    out += normalized_json(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += "\n";
  }
  return out;
}

std::string render_summary(const Summary& s) {
  std::string out;
  for (const auto& [kind, n] : s.per_kind) out += kind + ": " + std::to_string(n) + "\n";
  out += std::string(s.has_baseline ? "new" : "total") + ": " + std::to_string(s.reports) + "\n";
  out += "occurrences: " + std::to_string(s.occurrences) + "\n";
  if (s.has_baseline) {
    out += "known: " + std::to_string(s.known) + "\n";
    out += "fixed: " + std::to_string(s.fixed) + "\n";
  }
  out += "suppressed: " + std::to_string(s.suppressed) + "\n";
  return out;
}

std::string render(Format format, const ReportSet& set, const RenderOptions& options) {
  switch (format) {
    case Format::kText: {
      TextRenderer text(options);
      return text.render(set);
    }
    case Format::kJson:
      return render_json_lines(set.all);
    case Format::kSarif:
      return sarif_log(set, options).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
             "\n";
    case Format::kJunit:
      return junit_xml(set, options);
    case Format::kSummary:
      return render_summary(set.summary);
    case Format::kHtml:
      return html_report(set, options);
  }
  return "";
}

}  // namespace racelight
