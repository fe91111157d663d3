// Terminal rendering of reports: a headline, every event with its thread and stack, what the
// memory is, how the threads were created, and a one-line SUMMARY that names the primary
// source line (the form CI logs are grepped for).
#include <string.h>

#include "report.h"
#include "report_render.h"
#include "text_buffer.h"

namespace rl {

namespace {

struct Style {
  bool on;
  const char *Bold() const { return on ? "\033[1m" : ""; }
  const char *Red() const { return on ? "\033[1;31m" : ""; }
  const char *Blue() const { return on ? "\033[1;34m" : ""; }
  const char *Green() const { return on ? "\033[32m" : ""; }
  const char *Reset() const { return on ? "\033[0m" : ""; }
};

void RenderFrame(const rl_site *site, unsigned index, const Style &s, TextBuffer *out) {
  out->Printf("    #%u %s%s%s ", index, s.Bold(), site->function ? site->function : "??",
              s.Reset());
  const char *file = site->file && *site->file ? site->file : "??";
  if (site->line) out->Printf("%s%s:%u:%u%s\n", s.Green(), file, site->line, site->column, s.Reset());
  else out->Printf("%s%s%s\n", s.Green(), file, s.Reset());
}

void RenderStack(const StackTrace &stack, const Style &s, TextBuffer *out) {
  if (!stack.size) {
    out->Append("    <no stack: not in instrumented code>\n");
    return;
  }
  for (u32 i = 0; i < stack.size; ++i) RenderFrame(stack.frames[i], i, s, out);
}

const char *ThreadLabel(u32 id, char *buf, size_t size) {
  FormatThreadName(id, buf, size);
  return buf;
}

}  // namespace

void RenderReportText(const Report &r, bool color, TextBuffer *out) {
  Style s{color};
  out->Append("==================\n");
  out->Printf("%sracelight: %s%s%s%s%s: %s%s\n", s.Red(), r.kind, r.subkind ? " (" : "",
              r.subkind ? r.subkind : "", r.subkind ? ")" : "", s.Reset(), s.Bold(), r.message);
  out->Append(s.Reset());
  for (u32 i = 0; i < r.num_events; ++i) {
    const ReportEvent &e = r.events[i];
    out->Printf("  %s%s%s:\n", s.Blue(), e.description, s.Reset());
    RenderStack(e.stack, s, out);
  }
  const VariableInfo &v = r.variable;
  char tbuf[32];
  switch (v.type) {
    case VariableType::kGlobal:
      out->Printf("  Location is global '%s' of size %llu at 0x%lx", v.name ? v.name : "??",
                  static_cast<unsigned long long>(v.size), static_cast<unsigned long>(v.address));
      if (v.file && *v.file) out->Printf(" (%s:%u)", v.file, v.line);
      out->Append("\n");
      break;
    case VariableType::kHeap:
      out->Printf("  Location is heap block of size %llu at 0x%lx (offset %llu), allocated by %s:\n",
                  static_cast<unsigned long long>(v.size), static_cast<unsigned long>(v.address),
                  static_cast<unsigned long long>(v.offset), ThreadLabel(v.thread, tbuf, sizeof(tbuf)));
      RenderStack(v.allocation_stack, s, out);
      break;
    case VariableType::kStack:
      out->Printf("  Location is the stack of %s\n", ThreadLabel(v.thread, tbuf, sizeof(tbuf)));
      break;
    case VariableType::kUnknown:
      out->Append("  Location is unknown memory\n");
      break;
    case VariableType::kFd:
      out->Printf("  Location is file descriptor %d\n", v.fd);
      break;
    case VariableType::kNone:
      break;
  }
  for (u32 i = 0; i < r.num_threads; ++i) {
    const ThreadInfo &t = r.threads[i];
    if (t.is_main) continue;
    char pbuf[32];
    out->Printf("  Thread T%u%s created by %s at:\n", t.id, t.finished ? " (finished)" : "",
                ThreadLabel(t.parent, pbuf, sizeof(pbuf)));
    RenderStack(t.creation_stack, s, out);
  }
  // SUMMARY names the primary site: the first frame not in a system header of the first
  // event that has a stack (a thread that exits holding a lock has none of its own; the
  // lock's acquisition then names the report, as `racelight report` does).
  const rl_site *primary = nullptr;
  for (u32 e = 0; e < r.num_events && !primary; ++e) {
    const StackTrace &st = r.events[e].stack;
    for (u32 i = 0; i < st.size && !primary; ++i)
      if (!(st.frames[i]->flags & RL_SITE_SYSTEM_HEADER)) primary = st.frames[i];
    if (!primary && st.size) primary = st.frames[0];
  }
  if (primary)
    out->Printf("SUMMARY: racelight: %s %s:%u:%u in %s\n", r.kind,
                primary->file ? primary->file : "??", primary->line, primary->column,
                primary->function ? primary->function : "??");
  else
    out->Printf("SUMMARY: racelight: %s\n", r.kind);
  out->Append("==================\n");
}

}  // namespace rl
