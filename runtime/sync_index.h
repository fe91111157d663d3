// Which 8-byte granules of application memory hold a sync object: a bitmap index, so that
// "is there any SyncVar in [begin, end)?" costs O(pages + set bits), not a table scan.
//
// Every free, munmap and realloc must forget the sync objects inside the memory, and every
// atomic acquire must find the atomic objects inside the bytes it reads. Almost always
// there are none: without this index each of those walked the SyncVar table's shard chains
// under their locks (leveldb: 31% of its time in DestroySyncVarsInRange for arena blocks,
// 7% in CollectSyncVarsInRange for skip-list pointers).
//
// Layout: like the shadow map, a level-1 array reserved with MAP_NORESERVE, one entry per
// 64 KiB application page, pointing to a block mapped the first time a sync object is
// created in the page: a count of the page's granules with a set bit, then one bit per
// granule. Blocks are never unmapped.
//
// Thread-safety: a granule's bit is set and cleared only by a thread holding the SyncVar
// table shard lock of that granule (sync.cc keeps every SyncVar of one granule in one
// shard), so Set/Clear of one granule never run concurrently; bits of other granules in
// the same word change concurrently and are updated with atomic read-modify-writes. The
// queries take no lock: they may miss an object created concurrently with them, which is
// the same race as a lookup made just before the creation.
#ifndef RACELIGHT_SYNC_INDEX_H
#define RACELIGHT_SYNC_INDEX_H

#include <atomic>

#include "defs.h"

namespace rl {

// Marks the granule of `addr` as holding at least one sync object.
void SyncIndexSet(uptr addr);
// Marks the granule of `addr` as holding none.
void SyncIndexClear(uptr addr);
// The base address of the first granule at or after the granule of `begin` and before
// `end` whose bit is set; `end` if none.
uptr SyncIndexNext(uptr begin, uptr end);
// Whether the granule of `addr` holds a sync object.
bool SyncIndexTest(uptr addr);

}  // namespace rl

#endif  // RACELIGHT_SYNC_INDEX_H
