// Per-thread history of recent synchronization, for the timelines of race reports.
//
// Each program thread records, in a small ring of its own, what it did to synchronize: lock
// and unlock (which lock, its id), thread create and join (which thread), condition-variable
// wait and signal, semaphore post and wait, barrier waits, and its own code's acquire and
// release atomics. Each record carries the site (the innermost call in the user's code), the
// clock slot and the thread's clock right after the operation (so a report can say whether
// it came before or after an access of that thread, whose epoch the shadow cell keeps), and
// whether the operation advanced the clock (a release ticks it).
//
// Cost: recording is O(1): a handful of stores into the thread's own ring, no allocation,
// no lock. The ring is allocated when the thread is created and lives in the thread's
// registry context (then among the reclaimed threads' facts) after the thread ends, so a
// race found later still shows what the other thread did.
//
// Thread-safety: only the owning thread records. Any thread may copy a ring (Snapshot) while
// the owner records, as long as the ring stays allocated (the registry's lock): each entry is
// a small seqlock (its version is odd while the owner writes it), so an entry that changed
// while it was copied is dropped, never torn. A signal handler that records while its thread
// is recording drops its record.
#ifndef RACELIGHT_SYNC_HISTORY_H
#define RACELIGHT_SYNC_HISTORY_H

#include <atomic>

#include "defs.h"
#include "racelight/interface.h"

namespace rl {

enum class SyncEventKind : u8 {
  kNone = 0,
  kLock,           // exclusive lock acquired (also a successful try or timed lock)
  kReadLock,       // shared (reader) lock acquired
  kUnlock,         // exclusive unlock
  kReadUnlock,     // shared unlock
  kCreate,         // created thread `other`
  kJoin,           // joined thread `other`
  kCondWait,       // waited on a condition variable (released and reacquired the mutex)
  kCondSignal,     // signalled a condition variable (orders nothing by itself)
  kCondBroadcast,  // broadcast a condition variable (orders nothing by itself)
  kSemPost,
  kSemWait,        // also a successful try or timed wait
  kBarrier,        // passed a barrier
  kAtomicAcquire,  // an acquire load (or acquire read-modify-write) of the program's code
  kAtomicRelease,  // a release store (or release read-modify-write)
  kAtomicAcqRel,   // a read-modify-write that both acquires and releases
  kCount
};

// The name the report uses ("lock", "cond-wait", ...).
const char *SyncEventKindName(SyncEventKind kind);
// Whether recording `kind` happens after the operation advanced the thread's clock.
bool SyncEventKindTicks(SyncEventKind kind);

// One record, as copied out of a ring.
struct SyncEventRecord {
  u64 index = 0;  // position in the thread's history: 0 for its first event
  SyncEventKind kind = SyncEventKind::kNone;
  u8 lock_type = 0;  // LockType, for lock events
  u32 slot = 0;      // clock slot the epoch belongs to (an OpenMP task runs in its own)
  u32 other = 0;     // create/join: the other thread's tid
  uptr object = 0;   // the lock, condition variable, semaphore, barrier or atomic
  const rl_site *site = nullptr;
  u64 epoch = 0;     // the thread's clock (in `slot`) right after the operation
  u64 lock_id = 0;   // lock events, and the mutex of a condition-variable wait
  u32 count = 1;     // identical consecutive atomics are kept as one record
  u64 last_epoch = 0;  // epoch of the last of them
};

class SyncHistory {
 public:
  static constexpr u32 kEntries = 64;

  // Records an event of the owning thread. `site` may be null.
  void Record(SyncEventKind kind, u8 lock_type, u32 slot, u32 other, uptr object,
              const rl_site *site, u64 epoch, u64 lock_id);

  // Copies the events still in the ring, oldest first, into out[0..max); returns how many.
  // *total: how many events the thread has recorded in all (each copy says its index, so
  // the events before the first copied one were not kept, or changed while copying).
  u32 Snapshot(SyncEventRecord *out, u32 max, u64 *total) const;

 private:
  struct Entry {
    std::atomic<u64> version{0};  // odd while being written; bumped by every write
    std::atomic<u64> index{0};
    std::atomic<u64> header{0};   // kind | lock_type << 8 | slot << 16 | other << 32
    std::atomic<u64> object{0};
    std::atomic<u64> site{0};
    std::atomic<u64> epoch{0};
    std::atomic<u64> extra{0};    // lock id; or count << 36 | last epoch for atomics
  };
  void BeginWrite(Entry &e);
  void EndWrite(Entry &e);

  std::atomic<u64> next_{0};  // index of the next record
  bool busy_ = false;         // the owner is inside Record (a signal handler must not enter)
  Entry entries_[kEntries];
};

SyncHistory *NewSyncHistory();
void FreeSyncHistory(SyncHistory *history);

struct ThreadState;
// Records an event of the current thread `ts` at its current epoch: the site is the
// innermost call that is in the user's code (not in a system header). Nothing when the
// thread keeps no history (runtime-internal states, a finished thread).
void RecordSyncEvent(ThreadState *ts, SyncEventKind kind, uptr object, u64 lock_id = 0,
                     u8 lock_type = 0, u32 other = 0);
// The same for an atomic at `site` (the pass names the atomic's own site).
void RecordAtomicEvent(ThreadState *ts, SyncEventKind kind, uptr object, const rl_site *site);

}  // namespace rl

#endif  // RACELIGHT_SYNC_HISTORY_H
