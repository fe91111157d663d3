#include "sync_history.h"

#include "internal_alloc.h"

namespace rl {

namespace {

constexpr u32 kEpochBits = 36;  // shadow::kClockBits: clocks fit
constexpr u64 kEpochMask = (u64(1) << kEpochBits) - 1;
constexpr u64 kMaxCount = (u64(1) << (64 - kEpochBits)) - 1;

bool Coalesces(SyncEventKind kind) {
  return kind == SyncEventKind::kAtomicAcquire || kind == SyncEventKind::kAtomicRelease ||
         kind == SyncEventKind::kAtomicAcqRel;
}

}  // namespace

const char *SyncEventKindName(SyncEventKind kind) {
  switch (kind) {
    case SyncEventKind::kLock: return "lock";
    case SyncEventKind::kReadLock: return "read-lock";
    case SyncEventKind::kUnlock: return "unlock";
    case SyncEventKind::kReadUnlock: return "read-unlock";
    case SyncEventKind::kCreate: return "create";
    case SyncEventKind::kJoin: return "join";
    case SyncEventKind::kCondWait: return "cond-wait";
    case SyncEventKind::kCondSignal: return "cond-signal";
    case SyncEventKind::kCondBroadcast: return "cond-broadcast";
    case SyncEventKind::kSemPost: return "sem-post";
    case SyncEventKind::kSemWait: return "sem-wait";
    case SyncEventKind::kBarrier: return "barrier";
    case SyncEventKind::kAtomicAcquire: return "atomic-acquire";
    case SyncEventKind::kAtomicRelease: return "atomic-release";
    case SyncEventKind::kAtomicAcqRel: return "atomic-acq-rel";
    case SyncEventKind::kNone:
    case SyncEventKind::kCount: break;
  }
  return "sync";
}

bool SyncEventKindTicks(SyncEventKind kind) {
  switch (kind) {
    case SyncEventKind::kUnlock:
    case SyncEventKind::kReadUnlock:
    case SyncEventKind::kCreate:
    case SyncEventKind::kCondWait:
    case SyncEventKind::kSemPost:
    case SyncEventKind::kBarrier:
    case SyncEventKind::kAtomicRelease:
    case SyncEventKind::kAtomicAcqRel:
      return true;
    default:
      return false;
  }
}

void SyncHistory::BeginWrite(Entry &e) {
  e.version.store(e.version.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  // The odd version is visible before any field changes (paired with Snapshot's fence).
  std::atomic_thread_fence(std::memory_order_release);
}

void SyncHistory::EndWrite(Entry &e) {
  e.version.store(e.version.load(std::memory_order_relaxed) + 1, std::memory_order_release);
}

void SyncHistory::Record(SyncEventKind kind, u8 lock_type, u32 slot, u32 other, uptr object,
                         const rl_site *site, u64 epoch, u64 lock_id) {
  // A signal handler that interrupted this thread inside Record: drop its event.
  if (busy_) return;
  busy_ = true;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  u64 next = next_.load(std::memory_order_relaxed);
  u64 header = u64(kind) | u64(lock_type) << 8 | u64(slot & 0xffff) << 16 | u64(other) << 32;
  if (Coalesces(kind) && next > 0) {
    // The same atomic at the same site as the newest record (a spin loop, a counter):
    // counted in that record, so it does not push everything else out of the ring.
    Entry &last = entries_[(next - 1) % kEntries];
    if (last.header.load(std::memory_order_relaxed) == header &&
        last.object.load(std::memory_order_relaxed) == object &&
        last.site.load(std::memory_order_relaxed) == uptr(site)) {
      u64 extra = last.extra.load(std::memory_order_relaxed);
      u64 count = extra >> kEpochBits;
      if (count < kMaxCount) ++count;
      BeginWrite(last);
      last.extra.store(count << kEpochBits | (epoch & kEpochMask), std::memory_order_relaxed);
      EndWrite(last);
      std::atomic_signal_fence(std::memory_order_seq_cst);
      busy_ = false;
      return;
    }
  }
  Entry &e = entries_[next % kEntries];
  BeginWrite(e);
  e.index.store(next, std::memory_order_relaxed);
  e.header.store(header, std::memory_order_relaxed);
  e.object.store(object, std::memory_order_relaxed);
  e.site.store(uptr(site), std::memory_order_relaxed);
  e.epoch.store(epoch, std::memory_order_relaxed);
  e.extra.store(Coalesces(kind) ? (u64(1) << kEpochBits | (epoch & kEpochMask)) : lock_id,
                std::memory_order_relaxed);
  EndWrite(e);
  next_.store(next + 1, std::memory_order_release);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  busy_ = false;
}

u32 SyncHistory::Snapshot(SyncEventRecord *out, u32 max, u64 *total) const {
  u64 next = next_.load(std::memory_order_acquire);
  *total = next;
  u64 first = next > kEntries ? next - kEntries : 0;
  u32 n = 0;
  for (u64 i = first; i < next && n < max; ++i) {
    const Entry &e = entries_[i % kEntries];
    u64 v1 = e.version.load(std::memory_order_acquire);
    if (v1 & 1) continue;  // being written
    u64 index = e.index.load(std::memory_order_relaxed);
    u64 header = e.header.load(std::memory_order_relaxed);
    u64 object = e.object.load(std::memory_order_relaxed);
    u64 site = e.site.load(std::memory_order_relaxed);
    u64 epoch = e.epoch.load(std::memory_order_relaxed);
    u64 extra = e.extra.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (e.version.load(std::memory_order_relaxed) != v1) continue;  // changed meanwhile
    if (index != i) continue;  // already overwritten by a newer record
    SyncEventRecord &r = out[n++];
    r.index = index;
    r.kind = SyncEventKind(header & 0xff);
    r.lock_type = u8(header >> 8);
    r.slot = u32((header >> 16) & 0xffff);
    r.other = u32(header >> 32);
    r.object = uptr(object);
    r.site = reinterpret_cast<const rl_site *>(site);
    r.epoch = epoch;
    if (Coalesces(r.kind)) {
      r.count = u32(extra >> kEpochBits);
      r.last_epoch = extra & kEpochMask;
      r.lock_id = 0;
    } else {
      r.count = 1;
      r.last_epoch = epoch;
      r.lock_id = extra;
    }
  }
  return n;
}

SyncHistory *NewSyncHistory() { return InternalNew<SyncHistory>(); }
void FreeSyncHistory(SyncHistory *history) { InternalDelete(history); }

}  // namespace rl
