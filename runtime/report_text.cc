// Terminal rendering of reports: builds the shared rendering model (report_view.h) from the
// runtime's Report and renders it with the one text renderer the `racelight` tool uses too.
#include <stdio.h>
#include <string.h>

#include "internal_alloc.h"
#include "process_info.h"
#include "report.h"
#include "report_render.h"
#include "report_view.h"
#include "text_buffer.h"

namespace rl {

namespace {

// Everything the view points to that is not in the Report itself. Too large for small
// thread stacks: allocated.
struct ViewStorage {
  view::Event events[kMaxReportEvents];
  char access_address[kMaxReportEvents][24];
  char lock_address[kMaxReportEvents][24];
  view::Thread threads[kMaxReportThreads];
  char variable_address[24];
  view::SyncEvent sync[2][kMaxTimelineEvents];
  view::Timeline timelines[2];
};

view::Frames FramesOf(const StackTrace &stack) {
  view::Frames f;
  f.frames = stack.frames;
  f.size = stack.size;
  f.truncated = stack.truncated;
  f.unknown = stack.unknown;
  return f;
}

void WriteToBuffer(void *context, const char *text, size_t size) {
  static_cast<TextBuffer *>(context)->Append(text, size);
}

const char *TypeName(VariableType t) {
  switch (t) {
    case VariableType::kGlobal: return "global";
    case VariableType::kHeap: return "heap";
    case VariableType::kStack: return "stack";
    case VariableType::kUnknown: return "unknown";
    case VariableType::kFd: return "fd";
    case VariableType::kNone: break;
  }
  return nullptr;
}

}  // namespace

void RenderReportText(const Report &r, const ReportTextOptions &options, TextBuffer *out) {
  ViewStorage *s = static_cast<ViewStorage *>(InternalCalloc(1, sizeof(ViewStorage)));
  view::Report v;
  v.kind = r.kind;
  v.subkind = r.subkind ? r.subkind : "";
  v.message = r.message;
  v.program = ProgramPath();
  for (u32 i = 0; i < r.num_events; ++i) {
    const ReportEvent &e = r.events[i];
    view::Event &ve = s->events[i];
    ve = view::Event();
    ve.role = e.role;
    ve.has_thread = true;
    ve.thread = e.thread;
    ve.description = e.description;
    ve.stack = FramesOf(e.stack);
    if (e.access.present) {
      ve.has_access = true;
      ve.access_type = e.access.is_free ? "free" : e.access.is_write ? "write" : "read";
      ve.access_size = e.access.size;
      snprintf(s->access_address[i], sizeof(s->access_address[i]), "0x%lx",
               static_cast<unsigned long>(e.access.address));
      ve.access_address = s->access_address[i];
      ve.access_atomic = e.access.is_atomic;
    }
    if (e.openmp.present) {
      ve.omp_construct = e.openmp.construct;
      ve.omp_site = e.openmp.site;
      ve.omp_parallel_site = e.openmp.parallel_site;
      ve.omp_has_thread_num = e.openmp.has_thread_num;
      ve.omp_thread_num = e.openmp.thread_num;
      ve.omp_team_size = e.openmp.team_size;
    }
    if (e.lock.present) {
      ve.has_lock = true;
      ve.lock_id = e.lock.id;
      snprintf(s->lock_address[i], sizeof(s->lock_address[i]), "0x%lx",
               static_cast<unsigned long>(e.lock.address));
      ve.lock_address = s->lock_address[i];
      ve.lock_type = e.lock.type;
    }
  }
  v.events = s->events;
  v.num_events = r.num_events;

  const VariableInfo &var = r.variable;
  v.variable.type = TypeName(var.type);
  if (var.type == VariableType::kGlobal) {
    v.variable.name = var.name ? var.name : "??";
    v.variable.file = var.file ? var.file : "";
    v.variable.line = var.line;
  }
  if (var.type == VariableType::kFd && var.fd >= 0) {
    v.variable.has_fd = true;
    v.variable.fd = u64(var.fd);
  }
  if (var.type == VariableType::kGlobal || var.type == VariableType::kHeap) {
    snprintf(s->variable_address, sizeof(s->variable_address), "0x%lx",
             static_cast<unsigned long>(var.address));
    v.variable.address = s->variable_address;
    v.variable.has_size = true;
    v.variable.size = var.size;
  }
  if (var.type == VariableType::kHeap) {
    v.variable.has_offset = true;
    v.variable.offset = var.offset;
    v.variable.allocation_stack = FramesOf(var.allocation_stack);
  }
  if (var.type == VariableType::kHeap || var.type == VariableType::kStack) {
    v.variable.has_thread = true;
    v.variable.thread = var.thread;
  }

  for (u32 i = 0; i < r.num_threads; ++i) {
    const ThreadInfo &t = r.threads[i];
    view::Thread &vt = s->threads[i];
    vt.id = t.id;
    vt.is_main = t.is_main;
    vt.parent = t.parent;
    vt.finished = t.finished;
    vt.creation_stack = FramesOf(t.creation_stack);
  }
  v.threads = s->threads;
  v.num_threads = r.num_threads;

  u32 num_timelines = 0;
  for (u32 i = 0; i < r.num_timelines && i < 2; ++i) {
    const ThreadTimeline &t = r.timelines[i];
    if (!t.present) continue;
    view::Timeline &vt = s->timelines[num_timelines];
    vt.role = t.role;
    vt.thread = t.thread;
    vt.earlier = t.earlier;
    vt.kept = t.kept;
    for (u32 k = 0; k < t.num_events; ++k) {
      const TimelineEvent &e = t.events[k];
      view::SyncEvent &ve = s->sync[num_timelines][k];
      ve.kind = e.kind;
      ve.order = e.order;
      ve.has_lock = e.has_lock;
      ve.lock_id = e.lock_id;
      ve.has_thread = e.has_thread;
      ve.thread = e.thread;
      ve.site = e.site;
      ve.count = e.count;
    }
    vt.events = s->sync[num_timelines];
    vt.num_events = t.num_events;
    ++num_timelines;
  }
  v.timelines = s->timelines;
  v.num_timelines = num_timelines;

  view::TextOptions o;
  o.color = options.color;
  o.show_source = options.show_source;
  o.show_system_frames = options.show_system_frames;
  view::Sink sink;
  sink.write = WriteToBuffer;
  sink.context = out;
  view::RenderText(v, o, sink);
  InternalFree(s);
}

}  // namespace rl
