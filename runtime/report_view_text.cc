// The one text renderer of reports (see report_view.h). libc only, no allocation.
#include "report_view.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace rl {
namespace view {

namespace {

const char kBold[] = "\033[1m";
const char kKind[] = "\033[1;31m";   // bold red, like a compiler's "error:"
const char kCaret[] = "\033[1;32m";  // bold green
const char kEvent[] = "\033[1;36m";  // bold cyan
const char kDim[] = "\033[2m";
const char kReset[] = "\033[0m";

class Out {
 public:
  Out(Sink sink, bool color) : sink_(sink), color_(color) {}
  void Put(const char *s) { Put(s, strlen(s)); }
  void Put(const char *s, size_t n) {
    if (n) sink_.write(sink_.context, s, n);
  }
  void Num(uint64_t v) {
    char buf[24];
    int n = snprintf(buf, sizeof(buf), "%llu", static_cast<unsigned long long>(v));
    Put(buf, size_t(n));
  }
  void On(const char *code) {
    if (color_) Put(code);
  }
  void Off() {
    if (color_) Put(kReset);
  }
  bool color() const { return color_; }
  Sink sink() const { return sink_; }

 private:
  Sink sink_;
  bool color_;
};

bool StartsWith(const char *s, const char *prefix) {
  return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

void PutLocation(Out &out, const rl_site &f, const TextOptions &o) {
  char path[4096];
  if (!f.file || !*f.file) {
    out.Put("??");
    return;
  }
  out.Put(DisplayPath(f.file, o.source_root, path, sizeof(path)));
  if (f.line) {
    out.Put(":");
    out.Num(f.line);
    if (f.column) {
      out.Put(":");
      out.Num(f.column);
    }
  }
}

void PutFrame(Out &out, uint32_t index, const rl_site &f, const TextOptions &o) {
  out.Put("    ");
  bool system = IsSystemFrame(f);
  if (system) out.On(kDim);
  out.Put("#");
  out.Num(index);
  out.Put(" ");
  out.Put(f.function && *f.function ? f.function : "??");
  out.Put(" ");
  PutLocation(out, f, o);
  if (!f.line && f.file && *f.file) out.Put(" (no line info)");
  if (system) out.Off();
  out.Put("\n");
}

void PutStack(Out &out, const Frames &stack, const TextOptions &o) {
  if (!stack.size) {
    out.Put("    ");
    out.On(kDim);
    out.Put(stack.unknown
                ? "(location unknown: older than the access history keeps; see history_size)"
                : "(no stack)");
    out.Off();
    out.Put("\n");
    return;
  }
  for (uint32_t i = 0; i < stack.size;) {
    const rl_site &f = *stack.frames[i];
    if (o.show_system_frames || !IsSystemFrame(f)) {
      PutFrame(out, i, f, o);
      ++i;
      continue;
    }
    // A run of system frames: one line naming how many and where ("libstdc++"); a run of
    // mixed origins names the first.
    uint32_t end = i;
    while (end < stack.size && IsSystemFrame(*stack.frames[end])) ++end;
    out.Put("    ");
    out.On(kDim);
    out.Put("... ");
    out.Num(end - i);
    out.Put(end - i == 1 ? " frame in " : " frames in ");
    out.Put(SystemGroup(f));
    out.Off();
    out.Put("\n");
    i = end;
  }
  if (stack.truncated) {
    out.Put("    ");
    out.On(kDim);
    out.Put("... stack cut at ");
    out.Num(stack.size);
    out.Put(stack.size == 1 ? " frame" : " frames");
    out.Off();
    out.Put("\n");
  }
}

void PutOpenMp(Out &out, const Event &e, const TextOptions &o) {
  if (!e.omp_construct || !*e.omp_construct) return;
  out.Put("    ");
  out.On(kDim);
  TextOptions plain = o;
  plain.color = false;
  RenderOpenMpContext(e, plain, out.sink());
  out.Off();
  out.Put("\n");
}

void PutThread(Out &out, uint32_t id) {
  char name[32];
  ThreadName(id, name, sizeof(name));
  out.Put(name);
}

void PutVariable(Out &out, const Variable &v, const TextOptions &o) {
  if (!v.type) return;
  out.Put("  Location: ");
  if (!strcmp(v.type, "global")) {
    out.Put("global '");
    out.Put(v.name);
    out.Put("'");
    if (v.has_size) {
      out.Put(" of size ");
      out.Num(v.size);
    }
    if (*v.address) {
      out.Put(" at ");
      out.Put(v.address);
    }
    if (v.file && *v.file) {
      char path[4096];
      out.Put(", defined at ");
      out.Put(DisplayPath(v.file, o.source_root, path, sizeof(path)));
      if (v.line) {
        out.Put(":");
        out.Num(v.line);
      }
    }
  } else if (!strcmp(v.type, "heap")) {
    out.Put("heap block");
    if (v.has_size) {
      out.Put(" of size ");
      out.Num(v.size);
    }
    if (*v.address) {
      out.Put(" at ");
      out.Put(v.address);
    }
    if (v.has_offset) {
      out.Put(", offset ");
      out.Num(v.offset);
    }
    if (v.has_thread) {
      out.Put(", allocated by ");
      PutThread(out, v.thread);
    }
  } else if (!strcmp(v.type, "fd")) {
    out.Put("file descriptor");
    if (v.has_fd) {
      out.Put(" ");
      out.Num(v.fd);
    }
  } else if (!strcmp(v.type, "stack")) {
    out.Put("stack");
    if (v.has_thread) {
      out.Put(" of ");
      PutThread(out, v.thread);
    }
  } else {
    out.Put(!strcmp(v.type, "unknown") ? "unknown memory" : v.type);
    if (*v.name) {
      out.Put(" '");
      out.Put(v.name);
      out.Put("'");
    }
    if (*v.address) {
      out.Put(" at ");
      out.Put(v.address);
    }
  }
  if (v.allocation_stack.size) {
    out.Put(":\n");
    PutStack(out, v.allocation_stack, o);
  } else {
    out.Put("\n");
  }
}

void PutSnippet(Out &out, const rl_site &where, const TextOptions &o) {
  char line[1024];
  if (!where.line || !ReadSourceLine(where.file, where.line, o.source_root, line, sizeof(line)))
    return;
  char number[16];
  int n = snprintf(number, sizeof(number), "%u", where.line);
  int width = n < 5 ? 5 : n;
  char gutter[16];
  snprintf(gutter, sizeof(gutter), "%*s", width, number);
  out.Put(gutter);
  out.Put(" | ");
  out.Put(line);
  out.Put("\n");
  size_t len = strlen(line);
  if (where.column > 0 && where.column <= len + 1) {
    for (int i = 0; i < width; ++i) out.Put(" ");
    out.Put(" | ");
    // Tabs are kept so the caret lines up whatever the tab width.
    for (uint32_t i = 0; i + 1 < where.column; ++i) out.Put(line[i] == '\t' ? "\t" : " ");
    out.On(kCaret);
    out.Put("^");
    out.Off();
    out.Put("\n");
  }
}

}  // namespace

bool IsSystemFrame(const rl_site &f) {
  if (f.flags & RL_SITE_SYSTEM_HEADER) return true;
  static const char *const kSystemDirs[] = {"/usr/include/", "/usr/lib/", "/usr/local/include/",
                                            "/lib/", "/usr/src/debug/"};
  for (const char *dir : kSystemDirs)
    if (StartsWith(f.file, dir)) return true;
  static const char *const kRuntimePrefixes[] = {"__rl_", "__racelight", "racelight::",
                                                 "__interceptor_"};
  for (const char *p : kRuntimePrefixes)
    if (StartsWith(f.function, p)) return true;
  return false;
}

const char *SystemGroup(const rl_site &f) {
  const char *file = f.file ? f.file : "";
  const char *function = f.function ? f.function : "";
  if (StartsWith(function, "__rl_") || StartsWith(function, "__racelight") ||
      StartsWith(function, "racelight::") || StartsWith(function, "__interceptor_"))
    return "racelight";
  if (strstr(file, "/c++/") || strstr(file, "libstdc++") || StartsWith(function, "std::") ||
      StartsWith(function, "__gnu_cxx::"))
    return "libstdc++";
  if (strstr(file, "/libc.so") || strstr(file, "/libc-") || strstr(file, "glibc") ||
      !strcmp(function, "start_thread") || StartsWith(function, "__libc_"))
    return "libc";
  return "system headers";
}

const rl_site *TopUserFrame(const Frames &stack) {
  for (uint32_t i = 0; i < stack.size; ++i)
    if (stack.frames[i]->line && !IsSystemFrame(*stack.frames[i])) return stack.frames[i];
  for (uint32_t i = 0; i < stack.size; ++i)
    if (stack.frames[i]->line) return stack.frames[i];
  return stack.size ? stack.frames[0] : nullptr;
}

int PrimaryEvent(const Report &r) {
  for (uint32_t i = 0; i < r.num_events; ++i) {
    const rl_site *f = TopUserFrame(r.events[i].stack);
    if (f && f->line) return int(i);
  }
  return -1;
}

void ThreadName(uint32_t id, char *buf, size_t size) {
  if (id == 0) snprintf(buf, size, "main thread");
  else snprintf(buf, size, "thread T%u", id);
}

const char *DisplayPath(const char *file, const char *root, char *buf, size_t size) {
  if (!root || !*root || file[0] != '/') return file;
  size_t r = strlen(root);
  while (r > 1 && root[r - 1] == '/') --r;
  if (r == 1 && root[0] == '/') return file[1] ? file + 1 : file;
  if (strncmp(file, root, r) != 0 || file[r] != '/' || !file[r + 1]) return file;
  snprintf(buf, size, "%s", file + r + 1);
  return buf;
}

bool ReadSourceLine(const char *file, uint32_t line, const char *root, char *buf, size_t size) {
  if (!file || !*file || !line || size < 2) return false;
  char path[4096];
  if (file[0] != '/' && root && *root) {
    int n = snprintf(path, sizeof(path), "%s/%s", root, file);
    if (n < 0 || size_t(n) >= sizeof(path)) return false;
  } else {
    snprintf(path, sizeof(path), "%s", file);
  }
  // Raw system calls: in the runtime, open/read may be intercepted.
  int fd = int(syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC));
  if (fd < 0) return false;
  char chunk[4096];
  uint32_t current = 1;
  size_t len = 0;
  bool found = false, done = false;
  while (!done) {
    long n = syscall(SYS_read, fd, chunk, sizeof(chunk));
    if (n <= 0) {
      found = current == line && len > 0;  // a last line without a newline
      break;
    }
    for (long i = 0; i < n; ++i) {
      char c = chunk[i];
      if (current == line) {
        if (c == '\n') {
          found = done = true;
          break;
        }
        if (len + 1 < size) buf[len++] = c;
      } else if (c == '\n') {
        ++current;
      }
    }
  }
  syscall(SYS_close, fd);
  if (!found) return false;
  if (len && buf[len - 1] == '\r') --len;
  buf[len] = 0;
  return true;
}

// How many of a thread's latest synchronization events the text lists under its access.
constexpr uint32_t kTextSyncEvents = 4;

// "line 9" in the file of `here`, else "file.c:9".
void PutShortSite(Out &out, const rl_site &s, const rl_site *here) {
  if (s.line && s.file && here && here->file && strcmp(s.file, here->file) == 0) {
    out.Put("line ");
    out.Num(s.line);
    return;
  }
  const char *file = s.file && *s.file ? s.file : "??";
  const char *slash = strrchr(file, '/');
  out.Put(slash ? slash + 1 : file);
  if (s.line) {
    out.Put(":");
    out.Num(s.line);
  }
}

// One line under a race's access: the last few synchronization events of its thread up to
// the access (the HTML report draws them all).
void PutSyncLine(Out &out, const Report &r, const Event &e) {
  const Timeline *t = nullptr;
  for (uint32_t i = 0; i < r.num_timelines; ++i) {
    const Timeline &c = r.timelines[i];
    if (strcmp(c.role, e.role) == 0 && (!e.has_thread || c.thread == e.thread)) t = &c;
  }
  if (!t) return;
  uint32_t end = 0;  // events up to the access: before it, or in its epoch
  for (uint32_t i = 0; i < t->num_events; ++i)
    if (strcmp(t->events[i].order, "after") != 0) end = i + 1;
  uint32_t begin = end > kTextSyncEvents ? end - kTextSyncEvents : 0;
  const rl_site *here = TopUserFrame(e.stack);
  out.Put("    ");
  out.On(kDim);
  out.Put("synchronized before: ");
  if (!t->kept) {
    out.Put("not kept (it synchronized more than 64 times since)");
  } else if (end == 0 && t->earlier == 0) {
    out.Put("nothing since it started");
  } else {
    if (begin > 0 || t->earlier > 0) out.Put("..., ");
    for (uint32_t i = begin; i < end; ++i) {
      const SyncEvent &s = t->events[i];
      if (i > begin) out.Put(", ");
      out.Put(s.kind);
      if (s.has_lock && strcmp(s.kind, "cond-wait") != 0) {
        out.Put(" M");
        out.Num(s.lock_id);
      } else if (s.has_thread) {
        out.Put(" ");
        if (s.thread == 0) {
          out.Put("main");
        } else {
          out.Put("T");
          out.Num(s.thread);
        }
      }
      if (s.count > 1) {
        out.Put(" x");
        out.Num(s.count);
      }
      if (s.site) {
        out.Put(" (");
        PutShortSite(out, *s.site, here);
        if (strcmp(s.order, "same-epoch") == 0) out.Put(", same epoch: before or after");
        out.Put(")");
      } else if (strcmp(s.order, "same-epoch") == 0) {
        out.Put(" (same epoch: before or after)");
      }
    }
  }
  out.Off();
  out.Put("\n");
}

void RenderOpenMpContext(const Event &e, const TextOptions &o, Sink sink) {
  const char *c = e.omp_construct;
  if (!c || !*c) return;
  Out out(sink, false);
  if (strcmp(c, "initial") == 0) {
    out.Put("in the initial task (outside any parallel region)");
    return;
  }
  bool is_task = strcmp(c, "task") == 0 || strcmp(c, "taskloop") == 0;
  out.Put("in ");
  out.Put(strcmp(c, "taskloop") == 0 ? "taskloop task" : c);
  if (!is_task) out.Put(" region");
  if (e.omp_site) {
    out.Put(is_task ? " created at " : " at ");
    PutLocation(out, *e.omp_site, o);
  }
  bool open = false;
  if (is_task && e.omp_parallel_site) {
    out.Put(" (parallel region at ");
    PutLocation(out, *e.omp_parallel_site, o);
    open = true;
  }
  if (e.omp_has_thread_num) {
    out.Put(open ? ", " : " (");
    out.Put(strcmp(c, "teams") == 0 ? "team " : "thread ");
    out.Num(e.omp_thread_num);
    out.Put(" of ");
    out.Num(e.omp_team_size);
    open = true;
  }
  if (open) out.Put(")");
}

void RenderText(const Report &r, const TextOptions &o, Sink sink) {
  Out out(sink, o.color);
  int primary = PrimaryEvent(r);
  const rl_site *where = primary >= 0 ? TopUserFrame(r.events[primary].stack) : nullptr;

  out.Put("==================\n");
  // Headline: file:line:col: kind: message [subkind]
  out.On(kBold);
  if (where) PutLocation(out, *where, o);
  else out.Put(r.program && *r.program ? r.program : "<unknown location>");
  out.Put(":");
  out.Off();
  out.Put(" ");
  out.On(kKind);
  out.Put(r.kind);
  out.Put(":");
  out.Off();
  out.Put(" ");
  out.On(kBold);
  out.Put(r.message);
  out.Off();
  if (r.subkind && *r.subkind) {
    out.Put(" ");
    out.On(kDim);
    out.Put("[");
    out.Put(r.subkind);
    out.Put("]");
    out.Off();
  }
  out.Put("\n");
  if (where && o.show_source) PutSnippet(out, *where, o);

  for (uint32_t i = 0; i < r.num_events; ++i) {
    const Event &e = r.events[i];
    out.Put("  ");
    out.On(kEvent);
    if (*e.description) {
      out.Put(e.description);
    } else {
      out.Put(*e.role ? e.role : "event");
      if (e.has_thread) {
        out.Put(" in ");
        PutThread(out, e.thread);
      }
    }
    out.Off();
    if (*e.description && *e.role) {
      out.On(kDim);
      out.Put(" [");
      out.Put(e.role);
      out.Put("]");
      out.Off();
    }
    out.Put(":\n");
    PutOpenMp(out, e, o);
    PutStack(out, e.stack, o);
    if (e.has_access) PutSyncLine(out, r, e);
  }

  PutVariable(out, r.variable, o);

  for (uint32_t i = 0; i < r.num_threads; ++i) {
    const Thread &t = r.threads[i];
    if (t.is_main) continue;
    out.Put("  Thread T");
    out.Num(t.id);
    if (t.finished) out.Put(" (finished)");
    out.Put(" created by ");
    PutThread(out, t.parent);
    if (t.creation_stack.size) {
      out.Put(" at:\n");
      PutStack(out, t.creation_stack, o);
    } else {
      out.Put("\n");
    }
  }
  if (r.note && *r.note) {
    out.Put("  ");
    out.On(kDim);
    out.Put(r.note);
    out.Off();
    out.Put("\n");
  }

  // SUMMARY names the primary site (the form CI logs are grepped for).
  out.Put("SUMMARY: racelight: ");
  out.Put(r.kind);
  if (where) {
    out.Put(" ");
    PutLocation(out, *where, o);
    out.Put(" in ");
    out.Put(where->function && *where->function ? where->function : "??");
  }
  out.Put("\n==================\n");
}

}  // namespace view
}  // namespace rl
