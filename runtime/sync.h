// Synchronization objects: everything the program synchronizes through (mutexes, rwlocks,
// condition variables, semaphores, barriers, once-flags, atomics), found by address.
//
// A SyncVar carries the vector clock released into it, and, for locks, the lock model's
// state (lock_model.h). Each SyncVar has a versioned id that is never reused: a mutex
// destroyed (or whose memory is freed) and another created at the same address get
// different ids, so lock history never aliases.
//
// Thread-safety: the address table is sharded, each shard guarded by its own mutex; a
// SyncVar's fields are guarded by its `mu`. A SyncVar removed from the table is kept in a
// quarantine for a while before its memory is reused, so a thread that still holds a
// pointer to it (a racy program destroying a lock in use) does not crash the runtime.
#ifndef RACELIGHT_SYNC_H
#define RACELIGHT_SYNC_H

#include <atomic>

#include "defs.h"
#include "report.h"
#include "spin_mutex.h"
#include "vector_clock.h"

namespace rl {

struct ThreadState;

enum class LockType : u8 {
  kNone,       // not (yet) used as a lock
  kMutex,      // non-recursive (normal, default, std::mutex, timed_mutex)
  kRecursive,  // recursive mutex
  kErrorCheck, // error-checking mutex (the library itself reports relock/bad unlock)
  kRwLock,     // pthread_rwlock, std::shared_mutex
  kSpin,       // pthread_spinlock
  kOmp,        // OpenMP lock or critical section (ompt.cc): libomp's lock word is not read
};
const char *LockTypeName(LockType type);

struct SyncVar {
  uptr addr = 0;
  u64 id = 0;  // versioned: unique for the life of the process
  SpinMutex mu;
  VectorClock clock;  // released by writers/unlockers; acquired by readers/lockers
  // For rwlocks: released by readers, acquired by the next writer (readers do not order
  // each other).
  VectorClock read_clock;

  // ---- lock model (lock_model.cc), guarded by mu ----
  LockType type = LockType::kNone;
  u32 owner_tid = ~0u;    // exclusive owner, ~0u when none
  u32 recursion = 0;      // exclusive acquisitions by the owner
  u32 readers = 0;        // shared holders
  u64 graph_node = 0;     // node in the lock-order graph (0 = none yet)
  const rl_site *acquired_site = nullptr;  // where the current owner took it
  u64 acquired_stack = 0;  // stack depot id of where the current owner took it
  bool owner_exited = false;  // the owner thread ended while holding it
  const rl_site *created_site = nullptr;
  // The mutex at this address was destroyed (pthread_mutex_destroy) and not set up again:
  // where and by whom, for the report of a later use; reported once.
  bool destroyed = false;
  bool dead_use_reported = false;
  u32 destroyed_tid = 0;
  u64 destroyed_stack = 0;

  // ---- OpenMP mutexes (ompt.cc) ----
  // 1 + tid of the thread between its mutex_acquired and mutex_released callbacks, else 0.
  // libomp dispatches mutex_released after it has released the lock, so without this the
  // next owner's mutex_acquired could take the clock before the release put it there.
  std::atomic<u32> omp_model_owner{0};

  // ---- atomic objects (atomics.cc), guarded by mu ----
  // The threads whose release heads a release sequence that is still going on. A relaxed
  // store by one of them continues its sequence (C11 and C++17); a relaxed store by any
  // other thread ends them all. Past kMaxReleaseHeads every sequence is taken to go on,
  // which can only add order, never a false report.
  static constexpr u32 kMaxReleaseHeads = 4;
  u32 release_heads[kMaxReleaseHeads] = {};
  u8 num_release_heads = 0;
  bool release_heads_overflow = false;

  SyncVar *next = nullptr;  // table chain
};

// The SyncVar for `addr`, created when `create` (else null if none). Never null when create.
SyncVar *GetSyncVar(uptr addr, bool create);

// A thread's memo of its latest lookups (ThreadState::sync_cache; owned by the thread): a hit
// answers without taking the table's shard lock, a locked instruction on a line that every
// thread using objects of that shard writes. An entry says "the SyncVars of this range are
// exactly `var`" and holds while its shard's generation is unchanged: every creation and
// removal in a shard advances it, so a cached SyncVar has not been retired and no other
// object has appeared in its range. (A lookup racing with a creation or a removal may
// answer as if it came just before it, as an uncached one may.)
struct SyncVarCache {
  static constexpr u32 kEntries = 16;
  struct Entry {
    uptr addr = 0;
    u32 size = 0;  // 0: the object at exactly `addr` (GetSyncVarCached)
    u32 generation = 0;
    SyncVar *var = nullptr;
  };
  Entry entries[kEntries];
};
// GetSyncVar(addr, true) through the cache.
SyncVar *GetSyncVarCached(SyncVarCache *cache, uptr addr);
// CollectSyncVarsInRange through the cache, when [addr, addr + size) lies in one granule and
// holds one object, at addr (any other range goes to the table).
u32 CollectSyncVarsCached(SyncVarCache *cache, uptr addr, uptr size, bool create_at_addr,
                          SyncVar **out, u32 max);
// Stores in `out` up to `max` existing SyncVars whose address is in [addr, addr + size),
// sorted by address (the order in which several are locked together), first creating the
// one at `addr` if `create_at_addr`; returns how many. (Pointers stay valid as long as
// GetSyncVar's do: retired SyncVars are quarantined before being freed.)
u32 CollectSyncVarsInRange(uptr addr, uptr size, bool create_at_addr, SyncVar **out, u32 max);
// Forgets the object at `addr` (destroyed); returns its id, 0 if none.
void DestroySyncVar(uptr addr);
// Forgets every object in [begin, begin+size) (memory freed or unmapped).
void DestroySyncVarsInRange(uptr begin, uptr size);
u64 LiveSyncVarCount();
// In a forked child: unlocks the table's locks and every object's (see ResetAfterFork).
void SyncAfterForkChild();

// Happens-before through a sync object.
void AcquireFrom(ThreadState *ts, SyncVar *s);   // ts.clock |= s.clock
void ReleaseTo(ThreadState *ts, SyncVar *s);     // s.clock |= ts.clock; tick
// Convenience by address (creates the object).
void AcquireAddr(ThreadState *ts, uptr addr);
void ReleaseAddr(ThreadState *ts, uptr addr);

}  // namespace rl

#endif  // RACELIGHT_SYNC_H
