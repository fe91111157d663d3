// Per-thread history of recent synchronization, for the timelines of race reports.
//
// Each program thread records, in a small ring of its own, what it did to synchronize: lock
// and unlock (which lock, its id), thread create and join (which thread), condition-variable
// wait and signal, semaphore post and wait, barrier waits, and its own code's acquire and
// release atomics. Each record carries the site (the innermost call in the user's code), the
// clock slot and the thread's clock right after the operation, so a report can say whether
// it came before or after an access of that thread, whose epoch the shadow cell keeps
// (whether the operation advanced the clock, as a release does, follows from its kind).
//
// Cost: recording is O(1): a handful of stores into the thread's own ring, no allocation,
// no lock. The ring is allocated when the thread is created and lives in the thread's
// registry context (then among the reclaimed threads' facts) after the thread ends, so a
// race found later still shows what the other thread did.
//
// Thread-safety: only the owning thread records. Any thread may copy a ring (Snapshot) while
// the owner records, as long as the ring stays allocated (the registry's lock). The owner
// announces the index it is about to write (`writing_`) before writing the entry and
// publishes it (`next_`) after: a copy drops the entries that the owner may have begun to
// overwrite meanwhile, so it never returns a torn record. The one in-place change (the count
// of repeated atomics) is a single word. A signal handler that records while its thread is
// recording drops its record.
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
  u8 lock_type = 0;  // LockType, for lock events (< 16)
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

  static constexpr u32 kEpochBits = 36;  // shadow::kClockBits: clocks fit
  static constexpr u64 kEpochMask = (u64(1) << kEpochBits) - 1;
  static constexpr u64 kMaxCount = (u64(1) << (64 - kEpochBits)) - 1;
  static bool Coalesces(SyncEventKind kind) {
    return kind == SyncEventKind::kAtomicAcquire || kind == SyncEventKind::kAtomicRelease ||
           kind == SyncEventKind::kAtomicAcqRel;
  }

  // Records an event of the owning thread. `site` may be null. Inline: it is a handful of
  // stores, made on every lock and unlock.
  void Record(SyncEventKind kind, u8 lock_type, u32 slot, u32 other, uptr object,
              const rl_site *site, u64 epoch, u64 lock_id);

  // Copies the events still in the ring, oldest first, into out[0..max); returns how many.
  // *total: how many events the thread has recorded in all (each copy says its index, so
  // the events before the first copied one were not kept, or changed while copying).
  u32 Snapshot(SyncEventRecord *out, u32 max, u64 *total) const;

 private:
  // 32 bytes: one write touches half a cache line.
  struct alignas(32) Entry {
    std::atomic<u64> header{0};  // kind | lock_type << 8 | slot << 12 | epoch << 28
    std::atomic<u64> object{0};
    std::atomic<u64> site{0};
    std::atomic<u64> extra{0};   // lock id; the other thread (create/join); or, for
                                 // atomics, count << 36 | epoch of the last repeat
  };

  std::atomic<u64> next_{0};     // records published: the next one's index
  std::atomic<u64> writing_{0};  // index + 1 of the record being (or last) written
  bool busy_ = false;            // the owner is inside Record (a signal handler must not enter)
  Entry entries_[kEntries];
};

RL_ALWAYS_INLINE void SyncHistory::Record(SyncEventKind kind, u8 lock_type, u32 slot, u32 other,
                                          uptr object, const rl_site *site, u64 epoch,
                                          u64 lock_id) {
  // A signal handler that interrupted this thread inside Record: drop its event.
  if (busy_) return;
  busy_ = true;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  u64 next = next_.load(std::memory_order_relaxed);
  u64 header = u64(kind) | u64(lock_type & 0xf) << 8 | u64(slot & 0xffff) << 12 |
               (epoch & kEpochMask) << 28;
  if (Coalesces(kind) && next > 0) {
    // The same atomic at the same site as the newest record (a spin loop, a counter):
    // counted in that record, so it does not push everything else out of the ring.
    Entry &last = entries_[(next - 1) % kEntries];
    u64 last_header = last.header.load(std::memory_order_relaxed);
    if ((last_header & 0xfffffff) == (header & 0xfffffff) &&
        last.object.load(std::memory_order_relaxed) == object &&
        last.site.load(std::memory_order_relaxed) == uptr(site)) {
      u64 count = last.extra.load(std::memory_order_relaxed) >> kEpochBits;
      if (count < kMaxCount) ++count;
      last.extra.store(count << kEpochBits | (epoch & kEpochMask), std::memory_order_relaxed);
      std::atomic_signal_fence(std::memory_order_seq_cst);
      busy_ = false;
      return;
    }
  }
  Entry &e = entries_[next % kEntries];
  writing_.store(next + 1, std::memory_order_relaxed);
  // The announcement is visible before any field changes (paired with Snapshot's fence).
  std::atomic_thread_fence(std::memory_order_release);
  e.header.store(header, std::memory_order_relaxed);
  e.object.store(object, std::memory_order_relaxed);
  e.site.store(uptr(site), std::memory_order_relaxed);
  u64 extra = Coalesces(kind) ? (u64(1) << kEpochBits | (epoch & kEpochMask))
              : (kind == SyncEventKind::kCreate || kind == SyncEventKind::kJoin) ? u64(other)
                                                                                 : lock_id;
  e.extra.store(extra, std::memory_order_relaxed);
  next_.store(next + 1, std::memory_order_release);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  busy_ = false;
}

SyncHistory *NewSyncHistory();
void FreeSyncHistory(SyncHistory *history);

}  // namespace rl

#endif  // RACELIGHT_SYNC_HISTORY_H
