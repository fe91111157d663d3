// Runtime options, from RACELIGHT_OPTIONS: `key=value` entries separated by spaces or
// colons; a value may be quoted with '...' or "..." to contain separators. Later entries
// win. An unknown key or a bad value stops the program at start-up with a message naming
// the key (exit status 2), before it can run unchecked.
//
// Thread-safety: parsed once during initialization, read-only afterwards.
#ifndef RACELIGHT_OPTIONS_H
#define RACELIGHT_OPTIONS_H

namespace rl {

enum class ColorMode { kAuto, kAlways, kNever };

struct Options {
  const char *report_path = nullptr;  // JSON Lines file; none by default
  const char *log_path = nullptr;     // text reports; stderr by default
  const char *suppressions = nullptr;  // suppressions file (ThreadSanitizer syntax)
  // Where a program built with -racelight-count-checks appends its counts at exit
  // (check_counts.h); the log (log_path, stderr by default) when not set.
  const char *check_counts_path = nullptr;
  int exitcode = 66;                  // exit status of a process that reported; 0 disables
  bool halt_on_error = false;         // exit (with exitcode) right after the first report
  bool on_deadlock_continue = false;  // on_deadlock=continue: report and keep waiting
  bool detect_deadlocks = true;       // lock-order graph and blocked-thread watcher
  int deadlock_timeout_ms = 300;      // how long a wait must last before it is examined
  // Lock-order cycles whose every edge one thread took (A then B, later B then A) are
  // reported, as lock-order-inversion/single-thread.
  bool single_thread_inversions = true;
  // At exit, how long to wait for threads that are still running (their races are found
  // meanwhile); the wait ends as soon as none is running.
  int atexit_wait_ms = 1000;
  ColorMode color = ColorMode::kAuto;
  bool show_source = true;            // quote the report's source line with a caret
  bool show_system_frames = false;    // false: fold runs of system-header frames
  int verbosity = 0;
  bool shadow_huge_pages = true;  // transparent huge pages for the hot shadow (shadow_map.h)
  // Widenings of a thread's own cell published with plain stores, their Dekker re-scan
  // deferred (access.cc, PublishCellUnfenced); 0: every publication is a compare-exchange.
  // Off by default: it measured no faster on the benchmarks (docs/design.md).
  bool deferred_rescan = false;
  // Accesses remembered per thread slot with their source site (access_history.h): a race
  // with an older access is reported without the previous access's location.
  int history_size = 1 << 15;
  // The largest clock a thread slot may reach before the thread moves to another slot or
  // the shadow is reset (clock_reset.h); 0: the shadow cell's limit. For tests of the reset.
  int clock_limit = 0;
  // 0: a thread whose clock ran out resets the shadow at once instead of moving to another
  // slot (tests of the reset).
  bool slot_switching = true;
};

const Options &Flags();

// Parses `text` (may be null) into a fresh Options. On error writes a message of the form
// "unknown option 'x'" into `error` and returns false.
bool ParseOptions(const char *text, Options *out, char *error, unsigned long error_size);

// Parses RACELIGHT_OPTIONS into Flags(); dies with the message on error.
void InitOptions();

// The help text listing every key with its default (also printed by `racelight --help`).
const char *OptionsHelp();

}  // namespace rl

#endif  // RACELIGHT_OPTIONS_H
