#include "suppressions.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "internal_alloc.h"
#include "spin_mutex.h"
#include "report.h"

namespace rl {

namespace {

// Wildcard match of p..pend against all of t..tend, where a `*` matches any run of
// characters; `lead`/`trail` add an implicit `*` at that end. Iterative, remembering only
// the last `*`: O(|p| * |t|) in the worst case.
bool GlobWhole(const char *p, const char *pend, const char *t, const char *tend, bool lead,
               bool trail) {
  const char *star_p = nullptr, *star_t = nullptr;
  if (lead) { star_p = p; star_t = t; }
  for (;;) {
    if (p < pend && *p == '*') {
      while (p < pend && *p == '*') ++p;
      star_p = p;
      star_t = t;
      continue;
    }
    if (p == pend && (t == tend || trail)) return true;
    if (p < pend && t < tend && *p == *t) { ++p; ++t; continue; }
    if (star_p && star_t < tend) { p = star_p; t = ++star_t; continue; }
    return false;
  }
}

}  // namespace

bool SuppressionPatternMatches(const char *pattern, const char *text) {
  if (!pattern || !text) return false;
  size_t plen = strlen(pattern);
  bool anchored_start = plen && pattern[0] == '^';
  bool anchored_end = plen && pattern[plen - 1] == '$' && (plen < 2 || pattern[plen - 2] != '\\');
  const char *p = pattern + (anchored_start ? 1 : 0);
  const char *pend = pattern + plen - (anchored_end ? 1 : 0);
  if (p > pend) pend = p;
  return GlobWhole(p, pend, text, text + strlen(text), !anchored_start, !anchored_end);
}

bool SuppressionList::Parse(const char *text, const char *origin, char *error,
                            unsigned long error_size) {
  const char *line = text;
  unsigned lineno = 0;
  while (*line) {
    ++lineno;
    const char *eol = strchr(line, '\n');
    size_t len = eol ? size_t(eol - line) : strlen(line);
    char buf[1024];
    if (len >= sizeof(buf)) len = sizeof(buf) - 1;
    memcpy(buf, line, len);
    buf[len] = 0;
    line = eol ? eol + 1 : line + strlen(line);
    // Trim.
    char *s = buf;
    while (*s == ' ' || *s == '\t') ++s;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) *--e = 0;
    if (!*s || *s == '#') continue;
    char *colon = strchr(s, ':');
    if (!colon || colon == s || !colon[1]) {
      snprintf(error, error_size, "%s:%u: expected TYPE:PATTERN, got '%s'", origin, lineno, s);
      return false;
    }
    *colon = 0;
    Type type;
    if (!strcmp(s, "race") || !strcmp(s, "race_top")) type = kRace;
    else if (!strcmp(s, "deadlock")) type = kDeadlock;
    else if (!strcmp(s, "mutex")) type = kMutex;
    else if (!strcmp(s, "thread")) type = kThread;
    else if (!strcmp(s, "signal")) type = kSignal;
    else if (!strcmp(s, "called_from_lib")) type = kCalledFromLib;
    else {
      snprintf(error, error_size,
               "%s:%u: unknown suppression type '%s' (known: race, deadlock, mutex, thread, "
               "signal, called_from_lib)",
               origin, lineno, s);
      return false;
    }
    entries_ = static_cast<Entry *>(InternalRealloc(entries_, (count_ + 1) * sizeof(Entry)));
    size_t plen = strlen(colon + 1);
    char *pattern = static_cast<char *>(InternalAlloc(plen + 1));
    memcpy(pattern, colon + 1, plen + 1);
    entries_[count_++] = Entry{type, pattern};
  }
  return true;
}

void SuppressionList::Clear() {
  for (u32 i = 0; i < count_; ++i) InternalFree(entries_[i].pattern);
  InternalFree(entries_);
  entries_ = nullptr;
  count_ = 0;
}

bool SuppressionList::LoadFile(const char *path, char *error, unsigned long error_size) {
  // Raw system calls: the runtime's own files are not the program's (interceptors_fd.cc).
  int fd = int(syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC));
  if (fd < 0) {
    snprintf(error, error_size, "cannot read suppressions file '%s': %s", path, strerror(errno));
    return false;
  }
  size_t cap = 4096, size = 0;
  char *text = static_cast<char *>(InternalAlloc(cap));
  for (;;) {
    if (size + 1 >= cap) text = static_cast<char *>(InternalRealloc(text, cap *= 2));
    ssize_t n = syscall(SYS_read, fd, text + size, cap - size - 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      snprintf(error, error_size, "cannot read suppressions file '%s': %s", path, strerror(errno));
      syscall(SYS_close, fd);
      InternalFree(text);
      return false;
    }
    if (n == 0) break;
    size += size_t(n);
  }
  syscall(SYS_close, fd);
  text[size] = 0;
  bool ok = Parse(text, path, error, error_size);
  InternalFree(text);
  return ok;
}

const char *SuppressionList::Match(const Report &r) const {
  ScopedRuntimeInternal internal;
  for (u32 i = 0; i < count_; ++i) {
    const Entry &entry = entries_[i];
    bool applies = false;
    switch (entry.type) {
      case kRace: applies = !strcmp(r.kind, "data-race"); break;
      case kDeadlock:
        applies = !strcmp(r.kind, "deadlock") || !strcmp(r.kind, "lock-order-inversion");
        break;
      case kMutex: applies = !strcmp(r.kind, "mutex-misuse"); break;
      case kCalledFromLib: applies = true; break;
      case kThread: case kSignal: applies = false; break;
    }
    if (!applies) continue;
    if (r.variable.name && SuppressionPatternMatches(entry.pattern, r.variable.name))
      return entry.pattern;
    for (u32 e = 0; e < r.num_events; ++e) {
      const StackTrace &st = r.events[e].stack;
      for (u32 f = 0; f < st.size; ++f) {
        const rl_site *site = st.frames[f];
        if (entry.type != kCalledFromLib && site->function &&
            SuppressionPatternMatches(entry.pattern, site->function))
          return entry.pattern;
        if (site->file && SuppressionPatternMatches(entry.pattern, site->file))
          return entry.pattern;
      }
    }
  }
  return nullptr;
}

}  // namespace rl
