// Process-wide initialization of the runtime. Runs from the first instrumented module's
// constructor, or lazily from the first interceptor or access that comes earlier.
#ifndef RACELIGHT_RUNTIME_INIT_H
#define RACELIGHT_RUNTIME_INIT_H

namespace rl {

bool RuntimeInitialized();
void InitRuntime();
// True on the thread running InitRuntime, until it is done. Instrumented code that the
// initialization itself reaches (a malloc the program defines, called by dlsym) must not
// start it again: it runs unchecked.
bool InitializingOnThisThread();
// Whether some instrumented module contains thread fences (RL_MODULE_USES_FENCES).
bool FencesUsed();
void NoteFencesUsed();

}  // namespace rl

#endif  // RACELIGHT_RUNTIME_INIT_H
