// `racelight run`: runs an instrumented program with its reports sent to a fresh JSON Lines
// file, then renders what it and every process it started reported.
#pragma once

#include <string>

namespace racelight {

// RACELIGHT_OPTIONS for the program: the user's entries kept as written, then
// "log_path=/dev/null" (only when the user set no log_path: `run` renders the reports
// itself) and "report_path=<path> exitcode=0". The runtime reads key=value entries
// separated by spaces, colons or commas; later keys win.
std::string extend_racelight_options(const std::string& existing, const std::string& report_path);

// The value of the last `key=` entry in a RACELIGHT_OPTIONS string, "" if none. Values may be
// quoted ('...' or "...") as the runtime allows.
std::string racelight_option(const std::string& options, const std::string& key);

// Seconds `run` waits for descendants still running after PROGRAM exits.
constexpr int kDescendantGraceSeconds = 10;

}  // namespace racelight
