// Interning of call stacks: a stack is stored once and named by a 64-bit id (the address
// of the stored copy), so long-lived records (lock-order graph edges, lock owners) can keep
// whole stacks cheaply. Stacks are never freed (their number is bounded by the program's
// distinct acquisition paths).
// Thread-safety: stacks are interned under a shard lock; call paths are looked up lock-free
// and inserted under a shard lock; any thread may intern or look up.
#ifndef RACELIGHT_STACK_DEPOT_H
#define RACELIGHT_STACK_DEPOT_H

#include "defs.h"
#include "report.h"

namespace rl {

u64 StackDepotPut(const StackTrace &stack);  // 0 for an empty stack

// Call paths, interned one call at a time (the access history names each access's callers
// this way): the path of `site` called from the path `parent` (0: the outermost call).
// Lock-free when the path is known; a new one takes a shard lock, or gives 0 when the
// thread holds a runtime lock (a signal handler that interrupted the runtime). Nodes come
// from the depot's own mapped memory, never from malloc (the access slow path may run in a
// handler that interrupted malloc). The id names the path for the life of the process.
u64 CallPathIntern(u64 parent, const rl_site *site);
// Appends the path's sites to *out, innermost first, each with its inlined callers; marks
// it truncated when kMaxReportFrames is reached.
void CallPathGet(u64 path, StackTrace *out);
// Copies the stack named by `id` into *out (empty for 0).
void StackDepotGet(u64 id, StackTrace *out);
void StackDepotAfterForkChild();  // unlocks its locks (SpinMutex::ResetAfterFork)

}  // namespace rl

#endif  // RACELIGHT_STACK_DEPOT_H
