#include "diagnostics.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "options.h"
#include "spin_mutex.h"
#include "text_buffer.h"

namespace rl {

bool WriteAll(int fd, const char *data, size_t size) {
  while (size) {
    // A raw system call: the runtime's own output is not the program's (the write interceptor).
    ssize_t n = syscall(SYS_write, fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) {
      errno = EIO;
      return false;
    }
    data += n;
    size -= size_t(n);
  }
  return true;
}

void RawExit(int status) {
  syscall(SYS_exit_group, status);
  __builtin_unreachable();
}

void Die(const char *format, ...) {
  ScopedRuntimeInternal internal;
  char message[1024];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof(message), format, args);
  va_end(args);
  char line[1100];
  int n = snprintf(line, sizeof(line), "racelight: %s\n", message);
  if (n > 0) WriteAll(2, line, size_t(n) < sizeof(line) ? size_t(n) : sizeof(line) - 1);
  RawExit(2);
}

void VReport(int level, const char *format, ...) {
  if (Flags().verbosity < level) return;
  ScopedRuntimeInternal internal;
  TextBuffer buf;
  buf.Append("racelight: ");
  va_list args;
  va_start(args, format);
  buf.VPrintf(format, args);
  va_end(args);
  buf.AppendChar('\n');
  WriteAll(2, buf.data(), buf.size());
}

}  // namespace rl
