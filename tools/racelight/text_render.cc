#include "text_render.h"

#include "paths.h"
#include "view.h"

namespace racelight {
namespace {

const char kBold[] = "1";

std::string plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
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

std::string TextRenderer::report(const Report& r) {
  // The runtime's own renderer (runtime/report_view_text.cc), on the same model.
  ReportView v(r);
  rl::view::TextOptions o;
  o.color = options_.color;
  o.show_source = options_.show_source;
  o.show_system_frames = options_.show_system_frames;
  o.source_root = options_.source_root.c_str();
  std::string out;
  rl::view::Sink sink;
  sink.write = [](void* context, const char* text, size_t size) {
    static_cast<std::string*>(context)->append(text, size);
  };
  sink.context = &out;
  rl::view::RenderText(v.view(), o, sink);
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
