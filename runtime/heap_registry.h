// Live heap blocks (from the malloc family, and so new/delete), for naming racing memory in
// reports and for knowing a block's size when it is freed.
// Thread-safety: sharded by address, each shard under its own mutex. Each shard also keeps
// its last few freed blocks.
#ifndef RACELIGHT_HEAP_REGISTRY_H
#define RACELIGHT_HEAP_REGISTRY_H

#include "defs.h"
#include "report.h"

namespace rl {

struct ThreadState;

struct HeapBlockInfo {
  uptr address;
  u64 size;
  u32 tid;
  StackTrace stack;
};

void HeapBlockAllocated(ThreadState *ts, uptr address, u64 size);
// Removes the block; returns false (and size 0) when it was not known.
bool HeapBlockFreed(uptr address, u64 *size);
bool FindHeapBlock(uptr addr, HeapBlockInfo *out);
// The most recently freed of the last few thousand freed blocks that contained `addr`
// (for naming the block in a race with its free, found after the free).
bool FindRecentlyFreedHeapBlock(uptr addr, HeapBlockInfo *out);
void HeapRegistryAfterForkChild();  // unlocks the shards (SpinMutex::ResetAfterFork)

}  // namespace rl

#endif  // RACELIGHT_HEAP_REGISTRY_H
