#include "race_report.h"

#include <stdio.h>
#include <string.h>

#include "access.h"
#include "access_history.h"
#include "globals_registry.h"
#include "heap_registry.h"
#include "interceptors.h"
#include "internal_alloc.h"
#include "omp_context.h"
#include "report.h"
#include "report_output.h"
#include "site_table.h"
#include "spin_mutex.h"
#include "stack_depot.h"
#include "sync.h"
#include "sync_history.h"
#include "thread_state.h"

namespace rl {

namespace {

// Set of reported (kind, site, site) keys: open addressing, grows, never shrinks.
class ReportedPairs {
 public:
  void ResetLockAfterFork() { mu_.ResetAfterFork(); }
  // Inserts; returns false if present.
  bool Insert(u64 key) {
    SpinLockGuard guard(mu_);
    if ((count_ + 1) * 2 > capacity_) Grow();
    u64 mask = capacity_ - 1;
    for (u64 i = Hash(key) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return false;
      if (keys_[i] == 0) {
        keys_[i] = key;
        ++count_;
        return true;
      }
    }
  }

 private:
  static u64 Hash(u64 k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return k;
  }
  void Grow() {
    u64 capacity = capacity_ ? capacity_ * 2 : 256;
    u64 *keys = static_cast<u64 *>(InternalCalloc(capacity, sizeof(u64)));
    for (u64 i = 0; i < capacity_; ++i) {
      if (!keys_[i]) continue;
      for (u64 j = Hash(keys_[i]) & (capacity - 1);; j = (j + 1) & (capacity - 1))
        if (!keys[j]) {
          keys[j] = keys_[i];
          break;
        }
    }
    InternalFree(keys_);
    keys_ = keys;
    capacity_ = capacity;
  }
  SpinMutex mu_;
  u64 *keys_ = nullptr;
  u64 capacity_ = 0;
  u64 count_ = 0;
};

ReportedPairs g_reported_pairs;

const char *AccessWord(bool is_write, bool is_atomic, bool is_free, bool capital) {
  if (is_free) return capital ? "Free" : "free";
  if (is_atomic) return is_write ? (capital ? "Atomic write" : "atomic write")
                                 : (capital ? "Atomic read" : "atomic read");
  return is_write ? (capital ? "Write" : "write") : (capital ? "Read" : "read");
}

// Identifies the source line of a site: a race found between two columns of the same two
// lines (the read and the write of `x = x + 1`) is one report for the user. Hashes the file
// name's text, since every module has its own copy of the string. Sites without a line are
// identified by their id.
u64 LineKey(u32 site_id) {
  const rl_site *s = SiteById(site_id);
  if (!s || !s->file || !s->line) return u64(site_id) | (u64(1) << 63);
  u64 h = 0xcbf29ce484222325ull;
  for (const char *p = s->file; *p; ++p) h = (h ^ u8(*p)) * 0x100000001b3ull;
  return (h ^ s->line) * 0x9E3779B97F4A7C15ull;
}

// The variable in dedup keys: a global by its address; heap, stack and unknown memory by
// kind only, so that a race repeated on many heap blocks is one report.
u64 VariableKey(const VariableInfo &v) {
  return v.type == VariableType::kGlobal ? v.address : u64(v.type) + 1;
}

// The key that makes a race a duplicate once described: the unordered pair of lines, whether
// it is a race with free, and the variable (VariableKey).
u64 LineDedupKey(u32 site_a, u32 site_b, bool is_free, const VariableInfo &v) {
  u64 a = LineKey(site_a), b = LineKey(site_b);
  if (a > b) {
    u64 t = a;
    a = b;
    b = t;
  }
  u64 key = (a * 31 + b) * 0xff51afd7ed558ccdull ^ VariableKey(v) ^
            (is_free ? 0x4000000000000000ull : 0);
  return key ? key : 1;
}

// The key that says a race on the variable at this line has been reported (whatever the
// other line): a race whose previous access the history no longer holds is a duplicate of
// it (its unknown line could be any, so it tells nothing new). Without this, every race
// found again against an access older than the history keeps was one more report, "line,
// ?", next to the report that names both lines (core/clock_slot_switch_race.c, once the
// rings of slots that threads left were recycled).
u64 LineReportedKey(u32 site, bool is_free, const VariableInfo &v) {
  u64 key = (LineKey(site) + 0x632be59bd9b4e019ull) * 0xc4ceb9fe1a85ec53ull ^
            VariableKey(v) ^ (is_free ? 0x2000000000000000ull : 0);
  return key ? key : 2;
}

// How many events after the access of the other thread its timeline shows (the unlock that
// follows an access in a critical section explains the picture).
constexpr u32 kTimelineEventsAfter = 2;

const char *OrderOf(const SyncEventRecord &e, u32 slot, u64 access_epoch) {
  if (e.slot != slot) return "unknown";
  // Epochs are the thread's clock right after each operation; an access made at clock c:
  // an operation that ended at a smaller clock came before it, one that ended at a larger
  // one after it. At equal clocks, an operation that advanced the clock (a release) came
  // before the access; one that did not (an acquire) may be on either side.
  bool ticks = SyncEventKindTicks(e.kind);
  if (e.last_epoch < access_epoch || (e.last_epoch == access_epoch && ticks)) return "before";
  if (e.epoch > access_epoch) return "after";
  return "same-epoch";
}

// Fills `t` with what thread `tid` did to synchronize up to its access at (slot,
// access_epoch): for the thread making the current access everything it kept (all of it came
// before); for the other thread the events up to its access and the first few after it.
void FillTimeline(ThreadTimeline *t, const char *role, u32 tid, u32 slot, u64 access_epoch,
                  bool current, SyncEventRecord *records) {
  t->present = true;
  t->role = role;
  t->thread = tid;
  t->access_epoch = access_epoch;
  u64 total = 0;
  u32 n = SnapshotSyncHistory(tid, records, SyncHistory::kEntries, &total);
  const char *orders[SyncHistory::kEntries];
  u32 end = 0, before = 0;  // [0, end): listed candidates; [0, before): not after the access
  for (u32 i = 0; i < n; ++i) {
    orders[i] = current ? "before" : OrderOf(records[i], slot, access_epoch);
    bool after = orders[i][0] == 'a';
    if (!after) before = i + 1;
    if (after && i >= before + kTimelineEventsAfter) break;
    end = i + 1;
  }
  // Nothing kept before the access while the thread had earlier events: overwritten.
  t->kept = n == 0 ? total == 0 : (records[0].index == 0 || before > 0);
  u32 begin = end > kMaxTimelineEvents ? end - kMaxTimelineEvents : 0;
  t->earlier = begin < n ? records[begin].index : total;
  for (u32 i = begin; i < end; ++i) {
    const SyncEventRecord &r = records[i];
    TimelineEvent &e = t->events[t->num_events++];
    e.kind = SyncEventKindName(r.kind);
    e.order = orders[i];
    e.object = r.object;
    e.site = r.site;
    e.epoch = r.epoch;
    e.count = r.count;
    e.has_lock = r.lock_id != 0;
    e.lock_id = r.lock_id;
    e.lock_type = LockTypeName(LockType(r.lock_type));
    e.has_thread = r.kind == SyncEventKind::kCreate || r.kind == SyncEventKind::kJoin;
    e.thread = r.other;
  }
}

}  // namespace

void DescribeAddress(uptr addr, Report *report) {
  VariableInfo &v = report->variable;
  GlobalInfo global;
  HeapBlockInfo block;
  u32 tid;
  int fd;
  if (FindFdWord(addr, &fd)) {
    v.type = VariableType::kFd;
    v.fd = fd;
  } else if (FindGlobal(addr, &global)) {
    v.type = VariableType::kGlobal;
    v.name = global.name;
    v.file = global.file;
    v.line = global.line;
    v.address = global.address;
    v.size = global.size;
    v.offset = addr - global.address;
  } else if (FindHeapBlock(addr, &block) ||
             (!FindStackOwner(addr, &tid) && FindRecentlyFreedHeapBlock(addr, &block))) {
    v.type = VariableType::kHeap;
    v.address = block.address;
    v.size = block.size;
    v.offset = addr - block.address;
    v.thread = block.tid;
    v.allocation_stack = block.stack;
  } else if (FindStackOwner(addr, &tid)) {
    v.type = VariableType::kStack;
    v.thread = tid;
  } else {
    v.type = VariableType::kUnknown;
  }
}

bool ReportRace(const RaceReportRequest &rq) {
  using namespace shadow;
  ThreadState *ts = rq.ts;
  // A signal handler that interrupted its thread inside a runtime critical section cannot
  // build a report (that takes runtime locks). The access is still recorded, so the race
  // is found from the other side if that access comes again.
  if (SpinLocksHeld()) return false;
  u32 site_id = SiteId(rq.site);
  // The previous access's site and own bytes (its cell may merge several accesses of its
  // epoch): the newest of them on the bytes this access touches in the granule.
  const uptr granule_end = rq.granule_base + kGranuleSize;
  const uptr lo = rq.address > rq.granule_base ? rq.address : rq.granule_base;
  const uptr hi = rq.address + rq.size < granule_end ? rq.address + rq.size : granule_end;
  const u32 current_bytes =
      hi > lo ? AccessMask(unsigned(lo - rq.granule_base), unsigned(hi - lo)) : 0xff;
  HistoryAccess previous_access;
  const bool previous_known =
      FindInHistory(SlotOf(rq.previous), ClockOf(rq.previous), rq.granule_base,
                    u32(rq.previous >> kWriteBit) & 7, MaskOf(rq.previous),
                    MaskOf(rq.previous) & current_bytes, &previous_access, &ts->history_hint);
  const u32 previous_site_id = previous_known ? previous_access.site_id : 0;
  u32 a = site_id, b = previous_site_id;
  if (a > b) {
    u32 t = a;
    a = b;
    b = t;
  }
  // Key: the unordered pair of sites (plus whether it is a race with free). The cheap first
  // filter; LineDedupKey, once the address is described, is the second.
  bool is_free = (rq.flags & kAccessFree) || IsFree(rq.previous);
  u64 key = (u64(a) << 32 | b) ^ (is_free ? 0x8000000000000000ull : 0) ^ 0x5bd1e995ull;
  if (!g_reported_pairs.Insert(key)) return false;

  ScopedIgnore ignore(ts);  // the report's own memory traffic is not the program's
  Report *r = NewReport();
  r->kind = "data-race";
  if (is_free) r->subkind = "free";

  bool cur_write = (rq.flags & (kAccessWrite | kAccessFree)) != 0;
  bool cur_atomic = (rq.flags & kAccessAtomic) != 0;
  bool cur_free = (rq.flags & kAccessFree) != 0;
  char name[32];

  ReportEvent *cur = r->AddEvent("current-access", ts->tid);
  cur->access.present = true;
  cur->access.is_write = cur_write;
  cur->access.is_atomic = cur_atomic;
  cur->access.is_free = cur_free;
  cur->access.size = u32(rq.size);
  cur->access.address = rq.address;
  CaptureStackAtDepth(ts, cur_free ? nullptr : rq.site, rq.stack_depth, &cur->stack);
  FindOmpContext(ts->slot, ts->clock.Get(ts->slot), &cur->openmp);
  FormatThreadName(ts->tid, name, sizeof(name));
  snprintf(cur->description, sizeof(cur->description), "%s of size %u at 0x%lx by %s",
           AccessWord(cur_write, cur_atomic, cur_free, true), u32(rq.size),
           static_cast<unsigned long>(rq.address), name);

  u32 prev_tid = TidForSlotClock(SlotOf(rq.previous), ClockOf(rq.previous));
  ReportEvent *prev = r->AddEvent("previous-access", prev_tid);
  prev->access.present = true;
  prev->access.is_write = IsWrite(rq.previous);
  prev->access.is_atomic = IsAtomic(rq.previous);
  prev->access.is_free = IsFree(rq.previous);
  u32 mask = previous_known ? previous_access.mask : MaskOf(rq.previous);
  unsigned first = mask ? unsigned(__builtin_ctz(mask)) : 0;
  unsigned bytes = unsigned(__builtin_popcount(mask));
  prev->access.size = bytes;
  prev->access.address = rq.granule_base + first;
  prev->stack.PushWithInlinedCallers(SiteById(previous_site_id));
  prev->stack.unknown = !previous_known;
  if (previous_known) CallPathGet(previous_access.callers, &prev->stack);
  FindOmpContext(SlotOf(rq.previous), ClockOf(rq.previous), &prev->openmp);
  FormatThreadName(prev_tid, name, sizeof(name));
  snprintf(prev->description, sizeof(prev->description),
           "Previous %s of %u byte%s at 0x%lx by %s",
           AccessWord(prev->access.is_write, prev->access.is_atomic, prev->access.is_free, false),
           bytes, bytes == 1 ? "" : "s", static_cast<unsigned long>(prev->access.address), name);

  DescribeAddress(rq.address, r);
  const VariableInfo &v = r->variable;
  if (!g_reported_pairs.Insert(LineDedupKey(site_id, previous_site_id, is_free, v))) {
    FreeReport(r);
    return false;
  }
  const bool line_new = g_reported_pairs.Insert(LineReportedKey(site_id, is_free, v));
  if (previous_known) {
    g_reported_pairs.Insert(LineReportedKey(previous_site_id, is_free, v));
  } else if (!line_new) {
    FreeReport(r);
    return false;
  }
  const char *what = is_free ? "data race with free" : "data race";
  switch (v.type) {
    case VariableType::kGlobal:
      snprintf(r->message, sizeof(r->message), "%s on global '%s' (%llu bytes)", what, v.name,
               static_cast<unsigned long long>(v.size));
      break;
    case VariableType::kHeap:
      snprintf(r->message, sizeof(r->message), "%s on heap block of %llu bytes (offset %llu)",
               what, static_cast<unsigned long long>(v.size),
               static_cast<unsigned long long>(v.offset));
      break;
    case VariableType::kStack:
      snprintf(r->message, sizeof(r->message), "%s on the stack of %s", what,
               v.thread ? "a thread" : "the main thread");
      break;
    case VariableType::kFd:
      snprintf(r->message, sizeof(r->message), "%s on file descriptor %d", what, v.fd);
      break;
    default:
      snprintf(r->message, sizeof(r->message), "%s at 0x%lx", what,
               static_cast<unsigned long>(rq.address));
      break;
  }
  AddThreadInfo(r);
  SyncEventRecord *records = static_cast<SyncEventRecord *>(
      InternalCalloc(SyncHistory::kEntries, sizeof(SyncEventRecord)));
  FillTimeline(&r->timelines[0], cur->role, ts->tid, ts->slot, ts->clock.Get(ts->slot), true,
               records);
  FillTimeline(&r->timelines[1], prev->role, prev_tid, SlotOf(rq.previous), ClockOf(rq.previous),
               false, records);
  InternalFree(records);
  r->num_timelines = 2;
  OutputReport(r);
  return true;
}

void FormatThreadName(u32 tid, char *buf, unsigned long size) {
  if (tid == 0) snprintf(buf, size, "main thread");
  else snprintf(buf, size, "thread T%u", tid);
}

Report *NewReport() { return InternalNew<Report>(); }
void FreeReport(Report *report) { InternalDelete(report); }

void RaceReportAfterForkChild() { g_reported_pairs.ResetLockAfterFork(); }

}  // namespace rl
