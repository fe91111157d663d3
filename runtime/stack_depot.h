// Interning of call stacks: a stack is stored once and named by a 64-bit id (the address
// of the stored copy), so long-lived records (lock-order graph edges, lock owners) can keep
// whole stacks cheaply. Stacks are never freed (their number is bounded by the program's
// distinct acquisition paths).
// Thread-safety: lookups are lock-free (entries are immutable once linked); insertion takes
// a shard's lock; any thread may intern or look up.
#ifndef RACELIGHT_STACK_DEPOT_H
#define RACELIGHT_STACK_DEPOT_H

#include "defs.h"
#include "report.h"

namespace rl {

u64 StackDepotPut(const StackTrace &stack);  // 0 for an empty stack
// The same, callable from the access slow path, also in a signal handler: lock-free when
// the stack is there already; 0 (no stack) when it is new and the thread holds a runtime
// lock. Entries never come from malloc.
u64 StackDepotPutFromAnyContext(const StackTrace &stack);
// Copies the stack named by `id` into *out (empty for 0).
void StackDepotGet(u64 id, StackTrace *out);
void StackDepotAfterForkChild();  // unlocks its locks (SpinMutex::ResetAfterFork)

}  // namespace rl

#endif  // RACELIGHT_STACK_DEPOT_H
