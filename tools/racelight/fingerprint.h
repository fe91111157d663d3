// Report fingerprints: a stable identity for "the same bug" across runs, processes and
// machines, used to merge duplicates, to compare against a baseline and as SARIF's
// partialFingerprints["racelight/v1"].
//
// What goes in (and nothing else), in this order:
//   1. the tag "racelight/v1",
//   2. `kind`,
//   3. `subkind` ("" when absent),
//   4. for each event, the top user frame of its stack (see top_user_frame() in report.h:
//      the innermost frame with a line that is not in a system header, system library or
//      the Racelight runtime) as the triple (function, basename of file, line); an event
//      with an empty stack gives ("", "", 0). The triples are sorted, so the order in which
//      the threads happened to be found does not matter.
// Every string is followed by the byte 0x1F and every triple by 0x1E; lines are written in
// decimal. The hash is 64-bit FNV-1a of those bytes, written as 16 lowercase hex digits.
// Never included: addresses, thread numbers, pids, program paths, columns, descriptions,
// messages (they name addresses and thread numbers), directories of files, timing.
#pragma once

#include <cstdint>
#include <string>

#include "report.h"

namespace racelight {

// The exact bytes that are hashed (exposed for tests and for `--explain`-style debugging).
std::string fingerprint_input(const Report& report);

uint64_t fnv1a64(const std::string& bytes);

// 16 lowercase hex digits.
std::string compute_fingerprint(const Report& report);

}  // namespace racelight
