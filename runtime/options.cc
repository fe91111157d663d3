#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal_alloc.h"
#include "diagnostics.h"

namespace rl {

static Options g_options;

const Options &Flags() { return g_options; }

namespace {

bool ParseInt(const char *value, int min, int max, int *out) {
  if (!*value) return false;
  char *end = nullptr;
  long v = strtol(value, &end, 10);
  if (*end || v < min || v > max) return false;
  *out = int(v);
  return true;
}

bool ParseBool(const char *value, bool *out) {
  if (!strcmp(value, "1") || !strcmp(value, "true") || !strcmp(value, "yes")) {
    *out = true;
    return true;
  }
  if (!strcmp(value, "0") || !strcmp(value, "false") || !strcmp(value, "no")) {
    *out = false;
    return true;
  }
  return false;
}

// Copies `value` into stable storage (options live for the whole process).
const char *Keep(const char *value) {
  size_t n = strlen(value);
  char *copy = static_cast<char *>(InternalAlloc(n + 1));
  memcpy(copy, value, n + 1);
  return copy;
}

// A later entry replaces an earlier one: the earlier copy is freed (found by the fuzz target).
const char *Replace(const char *old, const char *value, bool keep) {
  if (old) InternalFree(const_cast<char *>(old));
  return keep ? Keep(value) : nullptr;
}

bool Apply(Options *o, const char *key, const char *value, char *error, size_t size) {
  bool ok = true;
  if (!strcmp(key, "report_path")) {
    o->report_path = Replace(o->report_path, value, *value);
  } else if (!strcmp(key, "log_path")) {
    o->log_path = Replace(o->log_path, value, *value && strcmp(value, "stderr"));
  } else if (!strcmp(key, "check_counts_path")) {
    o->check_counts_path = Replace(o->check_counts_path, value, *value && strcmp(value, "stderr"));
  } else if (!strcmp(key, "suppressions")) {
    o->suppressions = Replace(o->suppressions, value, *value);
  } else if (!strcmp(key, "exitcode")) {
    ok = ParseInt(value, 0, 255, &o->exitcode);
  } else if (!strcmp(key, "halt_on_error")) {
    ok = ParseBool(value, &o->halt_on_error);
  } else if (!strcmp(key, "on_deadlock")) {
    if (!strcmp(value, "abort") || !strcmp(value, "exit")) o->on_deadlock_continue = false;
    else if (!strcmp(value, "continue")) o->on_deadlock_continue = true;
    else ok = false;
  } else if (!strcmp(key, "detect_deadlocks")) {
    ok = ParseBool(value, &o->detect_deadlocks);
  } else if (!strcmp(key, "deadlock_timeout_ms")) {
    ok = ParseInt(value, 10, 600000, &o->deadlock_timeout_ms);
  } else if (!strcmp(key, "single_thread_inversions")) {
    ok = ParseBool(value, &o->single_thread_inversions);
  } else if (!strcmp(key, "atexit_wait_ms")) {
    ok = ParseInt(value, 0, 600000, &o->atexit_wait_ms);
  } else if (!strcmp(key, "color")) {
    if (!strcmp(value, "auto")) o->color = ColorMode::kAuto;
    else if (!strcmp(value, "always")) o->color = ColorMode::kAlways;
    else if (!strcmp(value, "never")) o->color = ColorMode::kNever;
    else ok = false;
  } else if (!strcmp(key, "show_source")) {
    ok = ParseBool(value, &o->show_source);
  } else if (!strcmp(key, "show_system_frames")) {
    ok = ParseBool(value, &o->show_system_frames);
  } else if (!strcmp(key, "verbosity")) {
    ok = ParseInt(value, 0, 3, &o->verbosity);
  } else if (!strcmp(key, "shadow_huge_pages")) {
    ok = ParseBool(value, &o->shadow_huge_pages);
  } else if (!strcmp(key, "deferred_rescan")) {
    ok = ParseBool(value, &o->deferred_rescan);
  } else if (!strcmp(key, "history_size")) {
    ok = ParseInt(value, 1024, 1 << 24, &o->history_size);
  } else if (!strcmp(key, "slot_switching")) {
    ok = ParseBool(value, &o->slot_switching);
  } else if (!strcmp(key, "clock_limit")) {
    ok = ParseInt(value, 0, 1 << 30, &o->clock_limit) && (o->clock_limit == 0 || o->clock_limit >= 2);
  } else {
    snprintf(error, size,
             "unknown option '%s' (known: report_path, log_path, suppressions, exitcode, "
             "halt_on_error, on_deadlock, detect_deadlocks, deadlock_timeout_ms, "
             "single_thread_inversions, atexit_wait_ms, color, show_source, show_system_frames, "
             "verbosity, shadow_huge_pages, deferred_rescan, history_size, clock_limit, "
             "slot_switching, "
             "check_counts_path)",
             key);
    return false;
  }
  if (!ok) snprintf(error, size, "bad value '%s' for option '%s'", value, key);
  return ok;
}

bool IsSeparator(char c) { return c == ' ' || c == ':' || c == '\t' || c == '\n' || c == ','; }

}  // namespace

bool ParseOptions(const char *text, Options *out, char *error, unsigned long error_size) {
  *out = Options();
  if (!text) return true;
  const char *p = text;
  char key[64];
  char value[4096];
  while (*p) {
    while (*p && IsSeparator(*p)) ++p;
    if (!*p) break;
    size_t k = 0;
    while (*p && *p != '=' && !IsSeparator(*p)) {
      if (k + 1 < sizeof(key)) key[k++] = *p;
      ++p;
    }
    key[k] = 0;
    if (*p != '=') {
      snprintf(error, error_size, "option '%s' has no value (expected %s=VALUE)", key, key);
      return false;
    }
    ++p;
    size_t v = 0;
    char quote = (*p == '\'' || *p == '"') ? *p++ : 0;
    while (*p && (quote ? *p != quote : !IsSeparator(*p))) {
      if (v + 1 < sizeof(value)) value[v++] = *p;
      ++p;
    }
    if (quote) {
      if (*p != quote) {
        snprintf(error, error_size, "unterminated quote in the value of option '%s'", key);
        return false;
      }
      ++p;
    }
    value[v] = 0;
    if (!Apply(out, key, value, error, error_size)) return false;
  }
  return true;
}

void InitOptions() {
  char error[512];
  if (!ParseOptions(getenv("RACELIGHT_OPTIONS"), &g_options, error, sizeof(error)))
    Die("RACELIGHT_OPTIONS: %s", error);
}

const char *OptionsHelp() {
  return "RACELIGHT_OPTIONS keys (key=value, separated by spaces or colons):\n"
         "  report_path=FILE        append JSON Lines reports to FILE (default: none)\n"
         "  log_path=FILE|stderr    where text reports go (default: stderr)\n"
         "  check_counts_path=FILE|stderr  where a program built with -racelight-count-checks "
         "appends its check counts at exit (default: the log, log_path)\n"
         "  suppressions=FILE       suppressions file, ThreadSanitizer syntax (default: none)\n"
         "  exitcode=N              exit status when anything was reported (default: 66; 0 keeps "
         "the program's)\n"
         "  halt_on_error=0|1       exit right after the first report (default: 0)\n"
         "  on_deadlock=abort|continue  end the process after a real deadlock report, or keep "
         "waiting (default: abort)\n"
         "  detect_deadlocks=0|1    lock-order graph and deadlock watcher (default: 1)\n"
         "  deadlock_timeout_ms=N   how long a blocked wait lasts before it is examined "
         "(default: 300)\n"
         "  single_thread_inversions=0|1  report lock-order cycles taken by one thread "
         "(default: 1)\n"
         "  atexit_wait_ms=N        at exit, wait up to N ms for threads still running "
         "(default: 1000)\n"
         "  color=auto|always|never colour in text reports (default: auto; NO_COLOR is honoured)\n"
         "  show_source=0|1         quote the report's source line with a caret, when the file "
         "is readable (default: 1)\n"
         "  show_system_frames=0|1  show every frame in system headers (libstdc++, ...) instead "
         "of folding them (default: 0)\n"
         "  verbosity=0..3          runtime diagnostics on stderr (default: 0)\n"
         "  shadow_huge_pages=0|1   huge pages for the shadow the checks read first, for "
         "allocations of 256 KiB or more: fewer TLB misses (default: 1)\n"
         "  deferred_rescan=0|1     widen a thread's own shadow cell without a locked "
         "instruction, re-checking in batches (default: 0)\n"
         "  history_size=1024..16777216  accesses remembered per thread with their source "
         "line, for the previous access of a race report; rounded up to a power of two, 32 "
         "bytes each (default: 32768)\n"
         "  clock_limit=0|2..N      releases a thread slot may make before the thread moves to "
         "another slot or the shadow is reset, losing races that straddle the reset; for "
         "tests (default: 0, the shadow cell's limit)\n"
         "  slot_switching=0|1      a thread whose clock ran out moves to another slot; 0: the "
         "shadow is reset at once (for tests; default: 1)\n";
}

}  // namespace rl
