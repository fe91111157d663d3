#include "omp_context.h"

#include <atomic>

#include "internal_alloc.h"
#include "report.h"
#include "shadow_encoding.h"
#include "site_table.h"
#include "spin_mutex.h"
#include "thread_state.h"

namespace rl {

namespace {

// The last kRecords records of one slot, oldest overwritten first. Races are found between
// accesses close in time (the report comes at the second access), so a few constructs back
// are enough; an older one is simply not named.
constexpr u32 kRecords = 16;
struct SlotLog {
  SpinMutex mu;
  u32 count = 0;  // records ever written; the ring holds the last kRecords
  u64 start[kRecords];
  OmpContextRecord record[kRecords];
};

std::atomic<std::atomic<SlotLog *> *> g_logs{nullptr};  // [shadow::kMaxSlots]
SpinMutex g_logs_mu;                                    // allocation of the table and logs

SlotLog *LogOf(u32 slot, bool create) {
  if (slot >= shadow::kMaxSlots) return nullptr;
  std::atomic<SlotLog *> *logs = g_logs.load(std::memory_order_acquire);
  if (logs) {
    SlotLog *log = logs[slot].load(std::memory_order_acquire);
    if (log || !create) return log;
  } else if (!create) {
    return nullptr;
  }
  SpinLockGuard guard(g_logs_mu);
  logs = g_logs.load(std::memory_order_relaxed);
  if (!logs) {
    logs = static_cast<std::atomic<SlotLog *> *>(
        InternalCalloc(shadow::kMaxSlots, sizeof(std::atomic<SlotLog *>)));
    g_logs.store(logs, std::memory_order_release);
  }
  SlotLog *log = logs[slot].load(std::memory_order_relaxed);
  if (!log) {
    log = InternalNew<SlotLog>();
    logs[slot].store(log, std::memory_order_release);
  }
  return log;
}

}  // namespace

const char *OmpConstructName(OmpConstruct c) {
  switch (c) {
    case OmpConstruct::kInitial: return "initial";
    case OmpConstruct::kParallel: return "parallel";
    case OmpConstruct::kTeams: return "teams";
    case OmpConstruct::kTask: return "task";
    case OmpConstruct::kTaskloop: return "taskloop";
    case OmpConstruct::kNone: break;
  }
  return "";
}

void RecordOmpContext(u32 slot, u64 start_clock, const OmpContextRecord &record) {
  SlotLog *log = LogOf(slot, true);
  if (!log) return;
  SpinLockGuard guard(log->mu);
  u32 i = log->count % kRecords;
  // A second record at the same clock replaces the first: no access ran in between.
  if (log->count && log->start[(log->count - 1) % kRecords] == start_clock) {
    i = (log->count - 1) % kRecords;
  } else {
    ++log->count;
  }
  log->start[i] = start_clock;
  log->record[i] = record;
}

bool FindOmpContext(u32 slot, u64 clock, OmpContextInfo *out) {
  SlotLog *log = LogOf(slot, false);
  if (!log) return false;
  // Only records made since the slot's owner at `clock` took it: an earlier owner's (a task
  // that had the slot before) say nothing about this one.
  u64 owner_start;
  if (!SlotOwnerStartAt(slot, clock, &owner_start)) return false;
  OmpContextRecord rec;
  bool found = false;
  {
    SpinLockGuard guard(log->mu);
    u32 kept = log->count < kRecords ? log->count : kRecords;
    for (u32 k = 1; k <= kept; ++k) {
      u32 i = (log->count - k) % kRecords;
      if (log->start[i] > clock) continue;
      if (log->start[i] >= owner_start) {
        rec = log->record[i];
        found = true;
      }
      break;
    }
  }
  if (!found || rec.construct == OmpConstruct::kNone) return false;
  out->present = true;
  out->construct = OmpConstructName(rec.construct);
  out->site = rec.site_id ? SiteById(rec.site_id) : nullptr;
  out->parallel_site = rec.parallel_site_id ? SiteById(rec.parallel_site_id) : nullptr;
  out->has_thread_num = rec.has_thread_num;
  out->thread_num = rec.thread_num;
  out->team_size = rec.team_size;
  return true;
}

}  // namespace rl
