// The runtime's own messages: fatal errors, verbose diagnostics, and leaving the process.
// Thread-safety: all functions may be called from any thread.
#ifndef RACELIGHT_DIAGNOSTICS_H
#define RACELIGHT_DIAGNOSTICS_H

#include <stddef.h>

namespace rl {

// Prints "racelight: <message>" to stderr and ends the process with status 2.
[[noreturn]] void Die(const char *format, ...) __attribute__((format(printf, 1, 2)));
// Diagnostic on stderr when verbosity >= level.
void VReport(int level, const char *format, ...) __attribute__((format(printf, 2, 3)));
// Ends the process immediately with `status`, running no exit handlers.
[[noreturn]] void RawExit(int status);
// write(2) of all of `data`, retrying on EINTR and short writes. False (errno set) when the
// write failed (disk full, I/O error, ...).
bool WriteAll(int fd, const char *data, size_t size);

}  // namespace rl

#endif  // RACELIGHT_DIAGNOSTICS_H
