// Facts about the process, captured once at start-up.
#ifndef RACELIGHT_PROCESS_INFO_H
#define RACELIGHT_PROCESS_INFO_H

namespace rl {

void InitProcessInfo();
// Absolute path of the executable ("" when unknown).
const char *ProgramPath();

}  // namespace rl

#endif  // RACELIGHT_PROCESS_INFO_H
