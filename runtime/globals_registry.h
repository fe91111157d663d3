// Global variables of instrumented modules, registered by each module's constructor, so
// reports can name the variable a racing address belongs to.
// Thread-safety: registration and lookup may run concurrently (internal mutex).
#ifndef RACELIGHT_GLOBALS_REGISTRY_H
#define RACELIGHT_GLOBALS_REGISTRY_H

#include "defs.h"
#include "racelight/interface.h"

namespace rl {

struct GlobalInfo {
  uptr address;
  u64 size;
  const char *name;
  const char *file;
  u32 line;
};

void RegisterGlobals(const rl_global *globals, u64 count);
bool FindGlobal(uptr addr, GlobalInfo *out);
void GlobalsRegistryAfterForkChild();  // unlocks its lock (SpinMutex::ResetAfterFork)

}  // namespace rl

#endif  // RACELIGHT_GLOBALS_REGISTRY_H
