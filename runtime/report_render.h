// Rendering of a Report: as terminal text (report_text.cc, with the renderer shared with the
// `racelight` tool, report_view.h) and as one JSON Lines record (report_json.cc, schema in
// docs/report-format.md). Pure functions of the report (and of the source files quoted).
#ifndef RACELIGHT_REPORT_RENDER_H
#define RACELIGHT_REPORT_RENDER_H

namespace rl {

struct Report;
class TextBuffer;

struct ReportTextOptions {
  bool color = false;
  bool show_source = true;          // quote the primary source line with a caret
  bool show_system_frames = false;  // false: fold runs of system frames into one line
};

void RenderReportText(const Report &report, const ReportTextOptions &options, TextBuffer *out);
// One line, terminated by '\n'.
void RenderReportJson(const Report &report, TextBuffer *out);

}  // namespace rl

#endif  // RACELIGHT_REPORT_RENDER_H
