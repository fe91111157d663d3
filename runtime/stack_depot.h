// Interning of call stacks: a stack is stored once and named by a 64-bit id (the address
// of the stored copy), so long-lived records (lock-order graph edges, lock owners) can keep
// whole stacks cheaply. Stacks are never freed (their number is bounded by the program's
// distinct acquisition paths).
// Thread-safety: lock-sharded; any thread may intern or look up.
#ifndef RACELIGHT_STACK_DEPOT_H
#define RACELIGHT_STACK_DEPOT_H

#include "defs.h"
#include "report.h"

namespace rl {

u64 StackDepotPut(const StackTrace &stack);  // 0 for an empty stack
// Copies the stack named by `id` into *out (empty for 0).
void StackDepotGet(u64 id, StackTrace *out);
void StackDepotAfterForkChild();  // unlocks its locks (SpinMutex::ResetAfterFork)

}  // namespace rl

#endif  // RACELIGHT_STACK_DEPOT_H
