// libFuzzer target: the runtime's RACELIGHT_OPTIONS parser (runtime/options.cc).
// Any input must either parse or be refused with a non-empty, terminated message.
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal_alloc.h"
#include "options.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = static_cast<char *>(malloc(size + 1));
  memcpy(text, data, size);
  text[size] = 0;
  rl::Options options;
  char error[256];
  memset(error, 'x', sizeof(error));
  if (rl::ParseOptions(text, &options, error, sizeof(error))) {
    if (options.deadlock_timeout_ms < 0 || options.verbosity < 0) abort();
  } else {
    size_t n = strnlen(error, sizeof(error));
    if (n == 0 || n == sizeof(error)) abort();  // no message, or not terminated
  }
  // The strings options keep live for the process; here each input frees them, so that a
  // copy lost when a later entry replaces an earlier one shows up as a leak.
  rl::InternalFree(const_cast<char *>(options.report_path));
  rl::InternalFree(const_cast<char *>(options.log_path));
  rl::InternalFree(const_cast<char *>(options.suppressions));
  rl::InternalFree(const_cast<char *>(options.check_counts_path));
  free(text);
  return 0;
}
