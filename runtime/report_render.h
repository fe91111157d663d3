// Rendering of a Report: as terminal text (report_text.cc) and as one JSON Lines record
// (report_json.cc, schema in docs/report-format.md). Pure functions of the report.
#ifndef RACELIGHT_REPORT_RENDER_H
#define RACELIGHT_REPORT_RENDER_H

namespace rl {

struct Report;
class TextBuffer;

void RenderReportText(const Report &report, bool color, TextBuffer *out);
// One line, terminated by '\n'.
void RenderReportJson(const Report &report, TextBuffer *out);

}  // namespace rl

#endif  // RACELIGHT_REPORT_RENDER_H
