// Interceptors for C library calls that read or write the program's memory: the str*/mem*
// family, stdio's string and buffer arguments (puts, fputs, fwrite, fread, fgets, getline,
// getdelim, the printf family's %s and %n arguments and sprintf's output), qsort.
//
// Each call is checked as reads and writes of exactly the bytes it touches, at the line of
// the call, after (or, for what it reads, before) the real call: strlen(s) reads strlen(s) + 1
// bytes, strcmp reads both strings up to the first difference, memcmp reads n bytes of both,
// strcpy reads the source and writes as many bytes of the destination, snprintf writes what
// it stores, printf reads each %s argument up to its NUL (or precision). A FILE's own
// buffers and locks are not modeled (stdio locks them itself). memcpy/memmove/memset/bzero
// are not intercepted here: the pass turns every one of them in instrumented code into a
// range check (docs/instrumentation.md), and checking them again would check the same
// bytes twice; calls from uninstrumented libraries to them are not seen.
//
// Thread-safety: no state but the real functions' addresses, resolved lazily with dlsym and
// stored with relaxed atomics (every thread stores the same value). A call is modeled only
// when the runtime is up, in a program thread (not the runtime's watcher), outside the
// runtime (its ignore count is zero) and with no runtime spin lock held by the thread (a
// signal handler that interrupted the runtime), so the runtime's own uses of strlen or
// snprintf (reports, options) pass straight through and can never re-enter it. Before a
// real function is resolved (a call made by dlsym itself while it resolves one), a simple
// local implementation answers, so the interceptors work at any time. Nothing here takes
// a lock across the real call.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <wchar.h>

#include <atomic>

#include "access.h"
#include "interceptors.h"
#include "runtime_init.h"
#include "spin_mutex.h"
#include "thread_state.h"

// Weak: a program that defines a function of the same name itself (a static library with
// its own `send`, say) keeps its definition instead of failing to link.
#define RL_INTERCEPTOR RL_EXPORT __attribute__((weak))

using namespace rl;

namespace {

ThreadState *Modeled() {
  if (RL_UNLIKELY(!RuntimeInitialized()) || tls_runtime_internal || SpinLocksHeld())
    return nullptr;
  ThreadState *ts = CurrentThread();
  return ts->ignore ? nullptr : ts;
}

void Read(ThreadState *ts, const void *p, size_t n) {
  if (p && n) CheckAccessRange(ts, uptr(p), n, kAccessRead, InnermostCallSite(ts));
}
void Write(ThreadState *ts, const void *p, size_t n) {
  if (p && n) CheckAccessRange(ts, uptr(p), n, kAccessWrite, InnermostCallSite(ts));
}

// Lazily resolved originals. A call that dlsym itself makes to the function it is resolving
// (on this thread) finds null and the caller uses its local fallback (strlen, strnlen, the
// comparisons); resolving another function meanwhile is fine (dlsym nests).
__attribute__((tls_model("initial-exec"))) thread_local const void *tls_resolving_slot = nullptr;

template <typename F>
F Real(std::atomic<F> *slot, const char *name) {
  F f = slot->load(std::memory_order_relaxed);
  if (RL_LIKELY(f)) return f;
  if (tls_resolving_slot == slot) return nullptr;
  const void *outer = tls_resolving_slot;
  tls_resolving_slot = slot;
  f = reinterpret_cast<F>(ResolveReal(name));
  tls_resolving_slot = outer;
  slot->store(f, std::memory_order_relaxed);
  return f;
}
#define RL_SLOT(name, type) std::atomic<type> slot_##name{nullptr}
#define RL_REAL(name) Real(&slot_##name, #name)

// Local fallbacks (volatile reads: the compiler must not turn them back into calls).
size_t LocalStrlen(const char *s) {
  size_t n = 0;
  while (static_cast<const volatile char *>(s)[n]) ++n;
  return n;
}
size_t LocalStrnlen(const char *s, size_t max) {
  size_t n = 0;
  while (n < max && static_cast<const volatile char *>(s)[n]) ++n;
  return n;
}

RL_SLOT(strlen, size_t (*)(const char *));
RL_SLOT(strnlen, size_t (*)(const char *, size_t));

size_t Strlen(const char *s) {
  auto f = RL_REAL(strlen);
  return f ? f(s) : LocalStrlen(s);
}
size_t Strnlen(const char *s, size_t max) {
  auto f = RL_REAL(strnlen);
  return f ? f(s, max) : LocalStrnlen(s, max);
}

// How many bytes a comparison of two strings reads from each: up to and including the
// first difference or the terminating NUL (at most `max`).
size_t CompareExtent(const char *a, const char *b, size_t max, bool fold_case) {
  const volatile unsigned char *x = reinterpret_cast<const unsigned char *>(a);
  const volatile unsigned char *y = reinterpret_cast<const unsigned char *>(b);
  size_t i = 0;
  for (; i < max; ++i) {
    unsigned char c = x[i], d = y[i];
    if (fold_case) {
      if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
      if (d >= 'A' && d <= 'Z') d = d - 'A' + 'a';
    }
    if (c != d || c == 0) return i + 1;
  }
  return max;
}

int LocalCompare(const char *a, const char *b, size_t max, bool fold_case) {
  const unsigned char *x = reinterpret_cast<const unsigned char *>(a);
  const unsigned char *y = reinterpret_cast<const unsigned char *>(b);
  for (size_t i = 0; i < max; ++i) {
    int c = x[i], d = y[i];
    if (fold_case) {
      if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
      if (d >= 'A' && d <= 'Z') d = d - 'A' + 'a';
    }
    if (c != d || c == 0) return c - d;
  }
  return 0;
}

}  // namespace

// ---- Reads of strings and bytes

RL_INTERCEPTOR size_t strlen(const char *s) {
  size_t n = Strlen(s);
  if (ThreadState *ts = Modeled()) Read(ts, s, n + 1);
  return n;
}

RL_INTERCEPTOR size_t strnlen(const char *s, size_t max) {
  size_t n = Strnlen(s, max);
  if (ThreadState *ts = Modeled()) Read(ts, s, n < max ? n + 1 : n);
  return n;
}

namespace {
RL_SLOT(strcmp, int (*)(const char *, const char *));
RL_SLOT(strncmp, int (*)(const char *, const char *, size_t));
RL_SLOT(strcasecmp, int (*)(const char *, const char *));
RL_SLOT(strncasecmp, int (*)(const char *, const char *, size_t));
RL_SLOT(memcmp, int (*)(const void *, const void *, size_t));
RL_SLOT(bcmp, int (*)(const void *, const void *, size_t));
RL_SLOT(strchr, char *(*)(const char *, int));
RL_SLOT(strrchr, char *(*)(const char *, int));
RL_SLOT(strchrnul, char *(*)(const char *, int));
RL_SLOT(memchr, void *(*)(const void *, int, size_t));
RL_SLOT(memrchr, void *(*)(const void *, int, size_t));
RL_SLOT(strstr, char *(*)(const char *, const char *));
RL_SLOT(strspn, size_t (*)(const char *, const char *));
RL_SLOT(strcspn, size_t (*)(const char *, const char *));
RL_SLOT(strpbrk, char *(*)(const char *, const char *));

void CheckCompare(const char *a, const char *b, size_t max, bool fold_case) {
  if (ThreadState *ts = Modeled()) {
    size_t n = CompareExtent(a, b, max, fold_case);
    Read(ts, a, n);
    Read(ts, b, n);
  }
}

int MemCompare(std::atomic<int (*)(const void *, const void *, size_t)> *slot, const char *name,
               const void *a, const void *b, size_t n) {
  auto f = Real(slot, name);
  int r;
  if (f) {
    r = f(a, b, n);
  } else {
    const volatile unsigned char *x = static_cast<const unsigned char *>(a);
    const volatile unsigned char *y = static_cast<const unsigned char *>(b);
    r = 0;
    for (size_t i = 0; i < n && !r; ++i) r = int(x[i]) - int(y[i]);
  }
  // The whole of both ranges, as the C standard allows memcmp to read (and as
  // ThreadSanitizer checks it): reading past the first difference is the caller's right.
  if (ThreadState *ts = Modeled()) {
    Read(ts, a, n);
    Read(ts, b, n);
  }
  return r;
}
}  // namespace

RL_INTERCEPTOR int strcmp(const char *a, const char *b) {
  auto f = RL_REAL(strcmp);
  int r = f ? f(a, b) : LocalCompare(a, b, ~size_t(0), false);
  CheckCompare(a, b, ~size_t(0), false);
  return r;
}
RL_INTERCEPTOR int strncmp(const char *a, const char *b, size_t n) {
  auto f = RL_REAL(strncmp);
  int r = f ? f(a, b, n) : LocalCompare(a, b, n, false);
  CheckCompare(a, b, n, false);
  return r;
}
RL_INTERCEPTOR int strcasecmp(const char *a, const char *b) {
  auto f = RL_REAL(strcasecmp);
  int r = f ? f(a, b) : LocalCompare(a, b, ~size_t(0), true);
  CheckCompare(a, b, ~size_t(0), true);
  return r;
}
RL_INTERCEPTOR int strncasecmp(const char *a, const char *b, size_t n) {
  auto f = RL_REAL(strncasecmp);
  int r = f ? f(a, b, n) : LocalCompare(a, b, n, true);
  CheckCompare(a, b, n, true);
  return r;
}
RL_INTERCEPTOR int memcmp(const void *a, const void *b, size_t n) {
  return MemCompare(&slot_memcmp, "memcmp", a, b, n);
}
RL_INTERCEPTOR int bcmp(const void *a, const void *b, size_t n) {
  return MemCompare(&slot_bcmp, "bcmp", a, b, n);
}

// (C++ declares const overloads of strchr, memchr, strstr...: their C symbols are defined
// under other names.)
RL_INTERCEPTOR char *rl_strchr(const char *s, int c) __asm__("strchr");
RL_INTERCEPTOR char *rl_strchr(const char *s, int c) {
  char *r = RL_REAL(strchr)(s, c);
  if (ThreadState *ts = Modeled()) Read(ts, s, r ? size_t(r - s) + 1 : Strlen(s) + 1);
  return r;
}
RL_INTERCEPTOR char *rl_strrchr(const char *s, int c) __asm__("strrchr");
RL_INTERCEPTOR char *rl_strrchr(const char *s, int c) {
  char *r = RL_REAL(strrchr)(s, c);
  if (ThreadState *ts = Modeled()) Read(ts, s, Strlen(s) + 1);
  return r;
}
RL_INTERCEPTOR char *rl_strchrnul(const char *s, int c) __asm__("strchrnul");
RL_INTERCEPTOR char *rl_strchrnul(const char *s, int c) {
  char *r = RL_REAL(strchrnul)(s, c);
  if (ThreadState *ts = Modeled()) Read(ts, s, size_t(r - s) + 1);
  return r;
}
RL_INTERCEPTOR void *rl_memchr(const void *s, int c, size_t n) __asm__("memchr");
RL_INTERCEPTOR void *rl_memchr(const void *s, int c, size_t n) {
  void *r = RL_REAL(memchr)(s, c, n);
  if (ThreadState *ts = Modeled())
    Read(ts, s, r ? size_t(static_cast<const char *>(r) - static_cast<const char *>(s)) + 1 : n);
  return r;
}
RL_INTERCEPTOR void *rl_memrchr(const void *s, int c, size_t n) __asm__("memrchr");
RL_INTERCEPTOR void *rl_memrchr(const void *s, int c, size_t n) {
  void *r = RL_REAL(memrchr)(s, c, n);
  if (ThreadState *ts = Modeled()) Read(ts, s, n);
  return r;
}
RL_INTERCEPTOR char *rl_strstr(const char *haystack, const char *needle) __asm__("strstr");
RL_INTERCEPTOR char *rl_strstr(const char *haystack, const char *needle) {
  char *r = RL_REAL(strstr)(haystack, needle);
  if (ThreadState *ts = Modeled()) {
    size_t nlen = Strlen(needle);
    Read(ts, haystack, r ? size_t(r - haystack) + nlen : Strlen(haystack) + 1);
    Read(ts, needle, nlen + 1);
  }
  return r;
}
RL_INTERCEPTOR size_t strspn(const char *s, const char *accept) {
  size_t r = RL_REAL(strspn)(s, accept);
  if (ThreadState *ts = Modeled()) {
    Read(ts, s, r + 1);
    Read(ts, accept, Strlen(accept) + 1);
  }
  return r;
}
RL_INTERCEPTOR size_t strcspn(const char *s, const char *reject) {
  size_t r = RL_REAL(strcspn)(s, reject);
  if (ThreadState *ts = Modeled()) {
    Read(ts, s, r + 1);
    Read(ts, reject, Strlen(reject) + 1);
  }
  return r;
}
RL_INTERCEPTOR char *rl_strpbrk(const char *s, const char *accept) __asm__("strpbrk");
RL_INTERCEPTOR char *rl_strpbrk(const char *s, const char *accept) {
  char *r = RL_REAL(strpbrk)(s, accept);
  if (ThreadState *ts = Modeled()) {
    Read(ts, s, r ? size_t(r - s) + 1 : Strlen(s) + 1);
    Read(ts, accept, Strlen(accept) + 1);
  }
  return r;
}

// ---- Copies

namespace {
RL_SLOT(strcpy, char *(*)(char *, const char *));
RL_SLOT(stpcpy, char *(*)(char *, const char *));
RL_SLOT(strncpy, char *(*)(char *, const char *, size_t));
RL_SLOT(stpncpy, char *(*)(char *, const char *, size_t));
RL_SLOT(strcat, char *(*)(char *, const char *));
RL_SLOT(strncat, char *(*)(char *, const char *, size_t));
RL_SLOT(strdup, char *(*)(const char *));
RL_SLOT(strndup, char *(*)(const char *, size_t));

// A copy of `n` bytes of src to dst, checked before it is made (the source as it is read).
void CheckCopy(ThreadState *ts, char *dst, const char *src, size_t read, size_t written) {
  Read(ts, src, read);
  Write(ts, dst, written);
}
}  // namespace

RL_INTERCEPTOR char *strcpy(char *dst, const char *src) {
  if (ThreadState *ts = Modeled()) {
    size_t n = Strlen(src) + 1;
    CheckCopy(ts, dst, src, n, n);
  }
  return RL_REAL(strcpy)(dst, src);
}
RL_INTERCEPTOR char *stpcpy(char *dst, const char *src) {
  if (ThreadState *ts = Modeled()) {
    size_t n = Strlen(src) + 1;
    CheckCopy(ts, dst, src, n, n);
  }
  return RL_REAL(stpcpy)(dst, src);
}
// strncpy writes all n bytes (padding with NULs) and reads the source up to its NUL or n.
RL_INTERCEPTOR char *strncpy(char *dst, const char *src, size_t n) {
  if (ThreadState *ts = Modeled()) {
    size_t len = Strnlen(src, n);
    CheckCopy(ts, dst, src, len < n ? len + 1 : n, n);
  }
  return RL_REAL(strncpy)(dst, src, n);
}
RL_INTERCEPTOR char *stpncpy(char *dst, const char *src, size_t n) {
  if (ThreadState *ts = Modeled()) {
    size_t len = Strnlen(src, n);
    CheckCopy(ts, dst, src, len < n ? len + 1 : n, n);
  }
  return RL_REAL(stpncpy)(dst, src, n);
}
// strcat reads dst up to its NUL, then writes the source (and a NUL) from there.
RL_INTERCEPTOR char *strcat(char *dst, const char *src) {
  if (ThreadState *ts = Modeled()) {
    size_t dlen = Strlen(dst), slen = Strlen(src);
    Read(ts, dst, dlen + 1);
    CheckCopy(ts, dst + dlen, src, slen + 1, slen + 1);
  }
  return RL_REAL(strcat)(dst, src);
}
RL_INTERCEPTOR char *strncat(char *dst, const char *src, size_t n) {
  if (ThreadState *ts = Modeled()) {
    size_t dlen = Strlen(dst), slen = Strnlen(src, n);
    Read(ts, dst, dlen + 1);
    CheckCopy(ts, dst + dlen, src, slen < n ? slen + 1 : n, slen + 1);
  }
  return RL_REAL(strncat)(dst, src, n);
}
RL_INTERCEPTOR char *strdup(const char *s) {
  char *r = RL_REAL(strdup)(s);
  if (ThreadState *ts = Modeled()) {
    size_t n = Strlen(s) + 1;
    Read(ts, s, n);
    if (r) Write(ts, r, n);
  }
  return r;
}
RL_INTERCEPTOR char *strndup(const char *s, size_t max) {
  char *r = RL_REAL(strndup)(s, max);
  if (ThreadState *ts = Modeled()) {
    size_t len = Strnlen(s, max);
    Read(ts, s, len < max ? len + 1 : len);
    if (r) Write(ts, r, len + 1);
  }
  return r;
}

// ---- stdio: the program's buffers and strings, not the FILE

namespace {
RL_SLOT(puts, int (*)(const char *));
RL_SLOT(fputs, int (*)(const char *, FILE *));
RL_SLOT(fwrite, size_t (*)(const void *, size_t, size_t, FILE *));
RL_SLOT(fwrite_unlocked, size_t (*)(const void *, size_t, size_t, FILE *));
RL_SLOT(fread, size_t (*)(void *, size_t, size_t, FILE *));
RL_SLOT(fread_unlocked, size_t (*)(void *, size_t, size_t, FILE *));
RL_SLOT(fgets, char *(*)(char *, int, FILE *));
RL_SLOT(getline, ssize_t (*)(char **, size_t *, FILE *));
RL_SLOT(getdelim, ssize_t (*)(char **, size_t *, int, FILE *));
RL_SLOT(vprintf, int (*)(const char *, va_list));
RL_SLOT(vfprintf, int (*)(FILE *, const char *, va_list));
RL_SLOT(vdprintf, int (*)(int, const char *, va_list));
RL_SLOT(vsprintf, int (*)(char *, const char *, va_list));
RL_SLOT(vsnprintf, int (*)(char *, size_t, const char *, va_list));
RL_SLOT(qsort, void (*)(void *, size_t, size_t, int (*)(const void *, const void *)));
RL_SLOT(qsort_r, void (*)(void *, size_t, size_t, int (*)(const void *, const void *, void *),
                          void *));

// The printf family: reads the format, reads each %s (%ls) argument up to its NUL or its
// precision, writes each %n argument. Positional arguments (%1$s) stop the scan (the
// arguments before are still checked). Every argument is taken off a copy of `ap` with the
// type its conversion says, as the real call does.
void CheckFormat(ThreadState *ts, const char *format, va_list ap_in) {
  if (!format) return;
  va_list ap;
  va_copy(ap, ap_in);
  Read(ts, format, Strlen(format) + 1);
  for (const char *p = format; *p; ++p) {
    if (*p != '%') continue;
    ++p;
    if (*p == '%') continue;
    // flags
    while (*p && (*p == '-' || *p == '+' || *p == ' ' || *p == '#' || *p == '0' ||
                  *p == '\'' || *p == 'I'))
      ++p;
    // width
    if (*p == '*') {
      (void)va_arg(ap, int);
      ++p;
    } else {
      while (*p >= '0' && *p <= '9') ++p;
    }
    if (*p == '$') break;  // positional arguments: not followed
    // precision
    long precision = -1;
    if (*p == '.') {
      ++p;
      if (*p == '*') {
        precision = va_arg(ap, int);
        ++p;
      } else {
        precision = 0;
        while (*p >= '0' && *p <= '9') precision = precision * 10 + (*p++ - '0');
      }
    }
    // length
    int longs = 0;
    bool long_double = false;
    bool half = false;
    for (;; ++p) {
      if (*p == 'l') ++longs;
      else if (*p == 'L' || *p == 'q') long_double = true, longs = 2;
      else if (*p == 'h') half = true;
      else if (*p == 'j' || *p == 'z' || *p == 'Z' || *p == 't') longs = 1;
      else break;
    }
    (void)half;
    switch (*p) {
      case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': case 'c': case 'C':
        if (longs) (void)va_arg(ap, long);
        else (void)va_arg(ap, int);
        break;
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
        if (long_double) (void)va_arg(ap, long double);
        else (void)va_arg(ap, double);
        break;
      case 'p':
        (void)va_arg(ap, void *);
        break;
      case 's':
      case 'S': {
        if (longs || *p == 'S') {
          const wchar_t *ws = va_arg(ap, const wchar_t *);
          if (!ws) break;
          size_t n = 0;
          while ((precision < 0 || n < size_t(precision)) && ws[n]) ++n;
          Read(ts, ws, (n + (precision < 0 || n < size_t(precision) ? 1 : 0)) * sizeof(wchar_t));
        } else {
          const char *s = va_arg(ap, const char *);
          if (!s) break;  // glibc prints "(null)"
          size_t n = precision < 0 ? Strlen(s) + 1 : Strnlen(s, size_t(precision));
          if (precision >= 0 && n < size_t(precision)) ++n;  // stopped at the NUL
          Read(ts, s, n);
        }
        break;
      }
      case 'n': {
        void *out = va_arg(ap, void *);
        Write(ts, out, longs == 2 ? sizeof(long long) : longs ? sizeof(long)
                       : half ? (p[-2] == 'h' ? 1 : sizeof(short)) : sizeof(int));
        break;
      }
      case 'm':
        break;
      default:
        va_end(ap);
        return;  // unknown conversion: the rest of the arguments cannot be followed
    }
    if (!*p) break;
  }
  va_end(ap);
}

int VPrintfTo(char *buf, size_t size, bool bounded, const char *format, va_list ap) {
  ThreadState *ts = Modeled();
  if (ts) CheckFormat(ts, format, ap);
  int r;
  if (bounded) r = RL_REAL(vsnprintf)(buf, size, format, ap);
  else r = RL_REAL(vsprintf)(buf, format, ap);
  // What was stored: r + 1 bytes, cut to size for snprintf.
  if (ts && r >= 0) {
    size_t stored = size_t(r) + 1;
    if (bounded && stored > size) stored = size;
    Write(ts, buf, stored);
  }
  return r;
}
}  // namespace

RL_INTERCEPTOR int puts(const char *s) {
  if (ThreadState *ts = Modeled()) Read(ts, s, Strlen(s) + 1);
  return RL_REAL(puts)(s);
}
RL_INTERCEPTOR int fputs(const char *s, FILE *f) {
  if (ThreadState *ts = Modeled()) Read(ts, s, Strlen(s) + 1);
  return RL_REAL(fputs)(s, f);
}
RL_INTERCEPTOR size_t fwrite(const void *p, size_t size, size_t count, FILE *f) {
  if (ThreadState *ts = Modeled()) Read(ts, p, size * count);
  return RL_REAL(fwrite)(p, size, count, f);
}
RL_INTERCEPTOR size_t fwrite_unlocked(const void *p, size_t size, size_t count, FILE *f) {
  if (ThreadState *ts = Modeled()) Read(ts, p, size * count);
  return RL_REAL(fwrite_unlocked)(p, size, count, f);
}
RL_INTERCEPTOR size_t fread(void *p, size_t size, size_t count, FILE *f) {
  size_t r = RL_REAL(fread)(p, size, count, f);
  if (ThreadState *ts = Modeled()) Write(ts, p, r * size);
  return r;
}
RL_INTERCEPTOR size_t fread_unlocked(void *p, size_t size, size_t count, FILE *f) {
  size_t r = RL_REAL(fread_unlocked)(p, size, count, f);
  if (ThreadState *ts = Modeled()) Write(ts, p, r * size);
  return r;
}
RL_INTERCEPTOR char *fgets(char *buf, int size, FILE *f) {
  char *r = RL_REAL(fgets)(buf, size, f);
  if (r)
    if (ThreadState *ts = Modeled()) Write(ts, buf, Strlen(buf) + 1);
  return r;
}

// getline/getdelim write the pointer and the size (when they grow the buffer) and the line.
static ssize_t AfterGetline(ssize_t r, char **line, size_t *size) {
  if (ThreadState *ts = Modeled()) {
    Write(ts, line, sizeof(*line));
    Write(ts, size, sizeof(*size));
    if (r >= 0 && *line) Write(ts, *line, size_t(r) + 1);
  }
  return r;
}
RL_INTERCEPTOR ssize_t getline(char **line, size_t *size, FILE *f) {
  if (ThreadState *ts = Modeled()) {
    Read(ts, line, sizeof(*line));
    Read(ts, size, sizeof(*size));
  }
  return AfterGetline(RL_REAL(getline)(line, size, f), line, size);
}
RL_INTERCEPTOR ssize_t getdelim(char **line, size_t *size, int delim, FILE *f) {
  if (ThreadState *ts = Modeled()) {
    Read(ts, line, sizeof(*line));
    Read(ts, size, sizeof(*size));
  }
  return AfterGetline(RL_REAL(getdelim)(line, size, delim, f), line, size);
}

RL_INTERCEPTOR int vprintf(const char *format, va_list ap) {
  if (ThreadState *ts = Modeled()) CheckFormat(ts, format, ap);
  return RL_REAL(vprintf)(format, ap);
}
RL_INTERCEPTOR int printf(const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = vprintf(format, ap);
  va_end(ap);
  return r;
}
RL_INTERCEPTOR int vfprintf(FILE *f, const char *format, va_list ap) {
  if (ThreadState *ts = Modeled()) CheckFormat(ts, format, ap);
  return RL_REAL(vfprintf)(f, format, ap);
}
RL_INTERCEPTOR int fprintf(FILE *f, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = vfprintf(f, format, ap);
  va_end(ap);
  return r;
}
RL_INTERCEPTOR int vdprintf(int fd, const char *format, va_list ap) {
  if (ThreadState *ts = Modeled()) CheckFormat(ts, format, ap);
  return RL_REAL(vdprintf)(fd, format, ap);
}
RL_INTERCEPTOR int dprintf(int fd, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = vdprintf(fd, format, ap);
  va_end(ap);
  return r;
}
RL_INTERCEPTOR int vsprintf(char *buf, const char *format, va_list ap) {
  return VPrintfTo(buf, 0, false, format, ap);
}
RL_INTERCEPTOR int sprintf(char *buf, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = VPrintfTo(buf, 0, false, format, ap);
  va_end(ap);
  return r;
}
RL_INTERCEPTOR int vsnprintf(char *buf, size_t size, const char *format, va_list ap) {
  return VPrintfTo(buf, size, true, format, ap);
}
RL_INTERCEPTOR int snprintf(char *buf, size_t size, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = VPrintfTo(buf, size, true, format, ap);
  va_end(ap);
  return r;
}

// ---- qsort: the array is read and rearranged in place (the comparator's own accesses,
// if instrumented, are checked where it makes them).
RL_INTERCEPTOR void qsort(void *base, size_t count, size_t size,
                     int (*compare)(const void *, const void *)) {
  if (count > 1)
    if (ThreadState *ts = Modeled()) Write(ts, base, count * size);
  RL_REAL(qsort)(base, count, size, compare);
}
RL_INTERCEPTOR void qsort_r(void *base, size_t count, size_t size,
                       int (*compare)(const void *, const void *, void *), void *arg) {
  if (count > 1)
    if (ThreadState *ts = Modeled()) Write(ts, base, count * size);
  RL_REAL(qsort_r)(base, count, size, compare, arg);
}
