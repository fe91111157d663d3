// JSON Lines rendering of reports; the schema is docs/report-format.md.
#include <stdio.h>
#include <unistd.h>

#include "json_writer.h"
#include "process_info.h"
#include "report.h"
#include "report_render.h"

namespace rl {

namespace {

// Writes `"<key>": [frames]`, then `"<key>_truncated": true` when the stack was cut.
void WriteStack(JsonWriter &w, const char *key, const StackTrace &stack) {
  w.Key(key);
  w.BeginArray();
  for (u32 i = 0; i < stack.size; ++i) {
    const rl_site *f = stack.frames[i];
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
  w.EndArray();
  if (stack.truncated) {
    char truncated_key[32];
    snprintf(truncated_key, sizeof(truncated_key), "%s_truncated", key);
    w.Key(truncated_key);
    w.Bool(true);
  }
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
  w.EndObject();
  out->AppendChar('\n');
}

}  // namespace rl
