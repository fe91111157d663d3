// Suppressions in ThreadSanitizer's syntax: one `type:pattern` per line, `#` comments.
// Types: race (data-race), deadlock (deadlock, lock-order-inversion), mutex (mutex-misuse),
// thread, signal, called_from_lib (accepted; they match nothing Racelight reports today but
// file names for called_from_lib). A pattern matches a function name, a file path or a
// global variable name anywhere in it (`*` matches any run of characters, `^` anchors at the
// start and `$` at the end), in any frame of any event of a report.
//
// Thread-safety: loaded once at start-up, then read-only. Clear is for tests and the fuzz
// target: the runtime's list lives for the whole process.
#ifndef RACELIGHT_SUPPRESSIONS_H
#define RACELIGHT_SUPPRESSIONS_H

#include "defs.h"

namespace rl {

struct Report;

// `*` wildcards, `^`/`$` anchors; otherwise matches as a substring. Exposed for tests.
bool SuppressionPatternMatches(const char *pattern, const char *text);

class SuppressionList {
 public:
  // Returns false and fills `error` (naming the file, and line for a bad line).
  bool LoadFile(const char *path, char *error, unsigned long error_size);
  bool Parse(const char *text, const char *origin, char *error, unsigned long error_size);
  // The pattern that suppresses `report`, or null.
  const char *Match(const Report &report) const;
  u32 size() const { return count_; }
  // Frees every entry, leaving the list empty (a parse that failed part-way keeps the
  // entries of the lines before the bad one until then).
  void Clear();

 private:
  enum Type { kRace, kDeadlock, kMutex, kThread, kSignal, kCalledFromLib };
  struct Entry {
    Type type;
    char *pattern;
  };
  Entry *entries_ = nullptr;
  u32 count_ = 0;
};

}  // namespace rl

#endif  // RACELIGHT_SUPPRESSIONS_H
