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
    out.Put("(no stack)");
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
    PutStack(out, e.stack, o);
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
