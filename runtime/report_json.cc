// JSON Lines rendering of reports; the schema is docs/report-format.md.
#include <stdio.h>
#include <unistd.h>

#include "json_writer.h"
#include "process_info.h"
#include "report.h"
#include "report_render.h"

namespace rl {

namespace {

void WriteFrame(JsonWriter &w, const rl_site *f) {
  w.BeginObject();
  w.Key("function");
  w.String(f->function ? f->function : "??");
  w.Key("file");
  w.String(f->file ? f->file : "");
  w.Key("line");
  w.UInt(f->line);
  w.Key("column");
  w.UInt(f->column);
  if (f->flags & RL_SITE_SYSTEM_HEADER) {
    w.Key("system");
    w.Bool(true);
  }
  w.EndObject();
}

void WriteTimeline(JsonWriter &w, const ThreadTimeline &t) {
  w.BeginObject();
  w.Key("role");
  w.String(t.role);
  w.Key("thread");
  w.UInt(t.thread);
  w.Key("access_epoch");
  w.UInt(t.access_epoch);
  w.Key("earlier");
  w.UInt(t.earlier);
  w.Key("kept");
  w.Bool(t.kept);
  w.Key("events");
  w.BeginArray();
  for (u32 i = 0; i < t.num_events; ++i) {
    const TimelineEvent &e = t.events[i];
    w.BeginObject();
    w.Key("kind");
    w.String(e.kind);
    w.Key("order");
    w.String(e.order);
    w.Key("epoch");
    w.UInt(e.epoch);
    if (e.object) {
      w.Key("object");
      w.Hex(e.object);
    }
    if (e.has_lock) {
      w.Key("lock");
      w.BeginObject();
      w.Key("id");
      w.UInt(e.lock_id);
      w.Key("type");
      w.String(e.lock_type);
      w.EndObject();
    }
    if (e.has_thread) {
      w.Key("thread");
      w.UInt(e.thread);
    }
    if (e.count > 1) {
      w.Key("count");
      w.UInt(e.count);
    }
    if (e.site) {
      w.Key("site");
      WriteFrame(w, e.site);
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// Writes `"<key>": [frames]`, then `"<key>_truncated": true` when the stack was cut and
// `"<key>_unknown": true` when where the access was made is no longer known.
void WriteStack(JsonWriter &w, const char *key, const StackTrace &stack) {
  w.Key(key);
  w.BeginArray();
  for (u32 i = 0; i < stack.size; ++i) WriteFrame(w, stack.frames[i]);
  w.EndArray();
  if (stack.truncated) {
    char truncated_key[32];
    snprintf(truncated_key, sizeof(truncated_key), "%s_truncated", key);
    w.Key(truncated_key);
    w.Bool(true);
  }
  if (stack.unknown) {
    char unknown_key[32];
    snprintf(unknown_key, sizeof(unknown_key), "%s_unknown", key);
    w.Key(unknown_key);
    w.Bool(true);
  }
}

void WriteOpenMp(JsonWriter &w, const OmpContextInfo &omp) {
  w.Key("openmp");
  w.BeginObject();
  w.Key("construct");
  w.String(omp.construct);
  if (omp.site) {
    w.Key("site");
    WriteFrame(w, omp.site);
  }
  if (omp.parallel_site) {
    w.Key("parallel_site");
    WriteFrame(w, omp.parallel_site);
  }
  if (omp.has_thread_num) {
    w.Key("thread_num");
    w.UInt(omp.thread_num);
    w.Key("team_size");
    w.UInt(omp.team_size);
  }
  w.EndObject();
}

void WriteVariable(JsonWriter &w, const VariableInfo &v) {
  w.Key("variable");
  w.BeginObject();
  w.Key("type");
  switch (v.type) {
    case VariableType::kGlobal:
      w.String("global");
      w.Key("name");
      w.String(v.name ? v.name : "");
      w.Key("size");
      w.UInt(v.size);
      w.Key("address");
      w.Hex(v.address);
      w.Key("offset");
      w.UInt(v.offset);
      w.Key("file");
      w.String(v.file ? v.file : "");
      w.Key("line");
      w.UInt(v.line);
      break;
    case VariableType::kHeap:
      w.String("heap");
      w.Key("address");
      w.Hex(v.address);
      w.Key("size");
      w.UInt(v.size);
      w.Key("offset");
      w.UInt(v.offset);
      w.Key("thread");
      w.UInt(v.thread);
      WriteStack(w, "allocation_stack", v.allocation_stack);
      break;
    case VariableType::kStack:
      w.String("stack");
      w.Key("thread");
      w.UInt(v.thread);
      break;
    case VariableType::kFd:
      w.String("fd");
      w.Key("fd");
      w.Int(v.fd);
      break;
    default:
      w.String("unknown");
      break;
  }
  w.EndObject();
}

}  // namespace

void RenderReportJson(const Report &r, TextBuffer *out) {
  JsonWriter w(out);
  w.BeginObject();
  w.Key("schema");
  w.Int(1);
  w.Key("kind");
  w.String(r.kind);
  if (r.subkind) {
    w.Key("subkind");
    w.String(r.subkind);
  }
  w.Key("message");
  w.String(r.message);
  w.Key("pid");
  w.Int(getpid());
  w.Key("program");
  w.String(ProgramPath());
  if (r.suppressed) {
    w.Key("suppressed");
    w.Bool(true);
    w.Key("suppressed_by");
    w.String(r.suppressed_by);
  }
  w.Key("events");
  w.BeginArray();
  for (u32 i = 0; i < r.num_events; ++i) {
    const ReportEvent &e = r.events[i];
    w.BeginObject();
    w.Key("role");
    w.String(e.role);
    w.Key("thread");
    w.UInt(e.thread);
    w.Key("description");
    w.String(e.description);
    WriteStack(w, "stack", e.stack);
    if (e.access.present) {
      w.Key("access");
      w.BeginObject();
      w.Key("type");
      w.String(e.access.is_free ? "free" : e.access.is_write ? "write" : "read");
      w.Key("size");
      w.UInt(e.access.size);
      w.Key("address");
      w.Hex(e.access.address);
      w.Key("atomic");
      w.Bool(e.access.is_atomic);
      w.EndObject();
    }
    if (e.wait.present) {
      w.Key("wait");
      w.BeginObject();
      if (e.wait.object) {
        w.Key("object");
        w.Hex(e.wait.object);
      }
      if (e.wait.mutex) {
        w.Key("mutex");
        w.Hex(e.wait.mutex);
      }
      if (e.wait.has_thread) {
        w.Key("thread");
        w.UInt(e.wait.thread);
      }
      if (e.wait.count) {
        w.Key("count");
        w.UInt(e.wait.count);
      }
      w.EndObject();
    }
    if (e.openmp.present) WriteOpenMp(w, e.openmp);
    if (e.lock.present) {
      w.Key("lock");
      w.BeginObject();
      w.Key("id");
      w.UInt(e.lock.id);
      w.Key("address");
      w.Hex(e.lock.address);
      w.Key("type");
      w.String(e.lock.type);
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  if (r.variable.type != VariableType::kNone) WriteVariable(w, r.variable);
  if (r.num_threads) {
    w.Key("threads");
    w.BeginArray();
    for (u32 i = 0; i < r.num_threads; ++i) {
      const ThreadInfo &t = r.threads[i];
      w.BeginObject();
      w.Key("id");
      w.UInt(t.id);
      if (!t.is_main) {
        w.Key("parent");
        w.UInt(t.parent);
      }
      w.Key("finished");
      w.Bool(t.finished);
      WriteStack(w, "creation_stack", t.creation_stack);
      w.EndObject();
    }
    w.EndArray();
  }
  if (r.num_timelines) {
    w.Key("timeline");
    w.BeginArray();
    for (u32 i = 0; i < r.num_timelines; ++i)
      if (r.timelines[i].present) WriteTimeline(w, r.timelines[i]);
    w.EndArray();
  }
  w.EndObject();
  out->AppendChar('\n');
}

}  // namespace rl
