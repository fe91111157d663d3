#include "sync_history.h"

#include "internal_alloc.h"

namespace rl {

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

u32 SyncHistory::Snapshot(SyncEventRecord *out, u32 max, u64 *total) const {
  u64 next = next_.load(std::memory_order_acquire);
  u64 first = next > kEntries ? next - kEntries : 0;
  u32 n = 0;
  for (u64 i = first; i < next && n < max; ++i) {
    const Entry &e = entries_[i % kEntries];
    u64 header = e.header.load(std::memory_order_relaxed);
    u64 object = e.object.load(std::memory_order_relaxed);
    u64 site = e.site.load(std::memory_order_relaxed);
    u64 extra = e.extra.load(std::memory_order_relaxed);
    SyncEventRecord &r = out[n++];
    r.index = i;
    r.kind = SyncEventKind(header & 0xff);
    r.lock_type = u8((header >> 8) & 0xf);
    r.slot = u32((header >> 12) & 0xffff);
    r.epoch = header >> 28;
    r.object = uptr(object);
    r.site = reinterpret_cast<const rl_site *>(site);
    r.other = 0;
    r.lock_id = 0;
    r.count = 1;
    r.last_epoch = r.epoch;
    if (SyncHistory::Coalesces(r.kind)) {
      r.count = u32(extra >> SyncHistory::kEpochBits);
      r.last_epoch = extra & SyncHistory::kEpochMask;
    } else if (r.kind == SyncEventKind::kCreate || r.kind == SyncEventKind::kJoin) {
      r.other = u32(extra);
    } else {
      r.lock_id = extra;
    }
  }
  // Entries the owner may have begun to overwrite while they were copied are dropped: the
  // one it is writing now (index writing_ - 1) reuses the slot of index writing_ - 1 -
  // kEntries, and so on back.
  std::atomic_thread_fence(std::memory_order_acquire);
  u64 writing = writing_.load(std::memory_order_relaxed);
  u64 valid_from = writing > kEntries ? writing - kEntries : 0;
  u32 skip = 0;
  while (skip < n && out[skip].index < valid_from) ++skip;
  if (skip) {
    for (u32 k = skip; k < n; ++k) out[k - skip] = out[k];
    n -= skip;
  }
  *total = next;
  return n;
}

SyncHistory *NewSyncHistory() { return InternalNew<SyncHistory>(); }
void FreeSyncHistory(SyncHistory *history) { InternalDelete(history); }

}  // namespace rl
