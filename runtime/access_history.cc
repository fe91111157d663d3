// Per-slot access history (see access_history.h).
#include "access_history.h"

#include <stddef.h>

#include "diagnostics.h"
#include "internal_alloc.h"
#include "options.h"
#include "shadow_encoding.h"

namespace rl {

namespace {
std::atomic<SlotHistory *> g_histories[shadow::kMaxSlots];
// Retired rings, free for the next slot that needs one. An array rather than a list: a
// ring is taken with one exchange (no ABA), and there are never more rings than slots.
std::atomic<SlotHistory *> g_free_rings[shadow::kMaxSlots];

SlotHistory *TakeFreeRing() {
  for (auto &entry : g_free_rings)
    if (entry.load(std::memory_order_relaxed))
      if (SlotHistory *h = entry.exchange(nullptr, std::memory_order_acq_rel)) return h;
  return nullptr;
}

void GiveFreeRing(SlotHistory *h) {
  for (;;) {
    for (auto &entry : g_free_rings) {
      SlotHistory *empty = nullptr;
      if (!entry.load(std::memory_order_relaxed) &&
          entry.compare_exchange_strong(empty, h, std::memory_order_acq_rel))
        return;
    }
    // (Unreachable: every ring belongs to a slot or to this array, and the array has a
    // place per slot.)
  }
}

// An entry as read, validated.
struct EntryView {
  uptr granule;
  u32 kind, mask, run;  // run: full granules after `granule` that the entry also covers
  u32 site_id;
  u32 clock_low;
  u64 callers;
};

// Reads the entry at `pos` if it still holds that position's access: the caller saw
// pos < head (with acquire), so the payload was complete; a later lap's write of the entry
// (position pos + entries, made while head == pos + entries, after the release fence in
// AppendHistory) may be under way, which the head read after the payload shows.
bool ReadEntry(const SlotHistory *h, u64 pos, EntryView *out) {
  const SlotHistory::Entry &e = h->entries[pos & h->size_mask];
  u64 gkm = e.granule_kind_mask.load(std::memory_order_relaxed);
  u64 sc = e.site_clock.load(std::memory_order_relaxed);
  u64 callers = e.callers.load(std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_acquire);
  if (h->head.load(std::memory_order_relaxed) - pos > h->size_mask) return false;
  out->granule = uptr(gkm & kHistoryGranuleField);
  out->kind = u32(gkm & ((1u << kHistoryKindBits) - 1));
  out->run = u32((gkm >> kHistoryRunShift) & kHistoryMaxRun);
  out->mask = u32(gkm >> 56);
  out->site_id = u32(sc);
  out->clock_low = u32(sc >> 32);
  out->callers = callers;
  return true;
}

// Clock order of an entry relative to the target (low 32 bits: the ring spans far fewer
// releases than 2^31).
int CompareClock(u32 entry_low, u32 target_low) {
  int32_t d = int32_t(entry_low - target_low);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

bool Covers(const EntryView &v, uptr granule) {
  return granule >= v.granule && granule - v.granule <= uptr(v.run) * 8;
}
}  // namespace

std::atomic<SlotHistory *> *g_slot_histories = g_histories;

u64 HistoryEntriesPerSlot() {
  u64 want = u64(Flags().history_size);
  u64 n = 1;
  while (n < want) n <<= 1;
  return n;
}

SlotHistory *AllocSlotHistory(u32 slot) {
  SlotHistory *h = g_histories[slot].load(std::memory_order_acquire);
  if (h) return h;
  SlotHistory *fresh = TakeFreeRing();  // (its base was moved to its head when retired)
  if (!fresh) {
    u64 n = HistoryEntriesPerSlot();
    size_t bytes = offsetof(SlotHistory, entries) + n * sizeof(SlotHistory::Entry);
    void *mem = InternalMapZeroed(bytes);
    if (!mem) Die("cannot map %zu bytes for the access history of a thread", bytes);
    fresh = static_cast<SlotHistory *>(mem);
    fresh->size_mask = n - 1;
  }
  if (g_histories[slot].compare_exchange_strong(h, fresh, std::memory_order_acq_rel,
                                                std::memory_order_acquire))
    return fresh;
  GiveFreeRing(fresh);  // another holder of the slot got there first
  return h;
}

void RetireSlotHistory(u32 slot) {
  if (slot >= shadow::kMaxSlots) return;
  SlotHistory *h = g_histories[slot].exchange(nullptr, std::memory_order_seq_cst);
  if (!h) return;
  // Detached first, forgotten second: a reader that read the old bounds finds the ring
  // still attached when it checks, and only old positions in it (FindInHistory).
  h->base.store(h->head.load(std::memory_order_relaxed), std::memory_order_seq_cst);
  GiveFreeRing(h);
}

void ForgetAllHistories() {
  for (u32 slot = 0; slot < shadow::kMaxSlots; ++slot)
    if (SlotHistory *h = g_histories[slot].load(std::memory_order_acquire))
      h->base.store(h->head.load(std::memory_order_relaxed), std::memory_order_release);
}

bool FindInHistory(u32 slot, u64 clock, uptr granule, u32 kind, u32 mask, u32 want_mask,
                   HistoryAccess *out, u64 *hint) {
  if (slot >= shadow::kMaxSlots) return false;
  const SlotHistory *h = g_histories[slot].load(std::memory_order_acquire);
  if (!h) return false;
  const u64 head = h->head.load(std::memory_order_acquire);
  const u64 entries = h->size_mask + 1;
  const u64 base = h->base.load(std::memory_order_acquire);
  // Retired meanwhile (RetireSlotHistory): its entries from `head` on may be another slot's.
  // If the ring was still attached here, every position below `head` is this slot's.
  if (g_histories[slot].load(std::memory_order_seq_cst) != h) return false;
  // The entry of position head - entries is the one the next append overwrites: not read
  // (ReadEntry could not tell it whole), so a ring answers for its last entries - 1.
  const u64 kept = entries - 1;
  const u64 oldest = head > kept && head - kept > base ? head - kept : base;
  if (oldest >= head) return false;
  const u32 target = u32(clock);
  EntryView v;
  auto matches = [&](const EntryView &e, u32 bytes) {
    return e.clock_low == target && e.kind == kind && (e.mask & bytes) && Covers(e, granule);
  };
  // Near the last match first: one race over an array reports granule after granule.
  if (hint && *hint >= oldest && *hint < head) {
    u64 lo = *hint > oldest + 64 ? *hint - 64 : oldest;
    u64 hi = *hint + 64 < head ? *hint + 64 : head - 1;
    for (u64 pos = hi + 1; pos-- > lo;) {
      if (ReadEntry(h, pos, &v) && matches(v, want_mask)) {
        out->site_id = v.site_id;
        out->mask = v.mask;
        out->callers = v.callers;
        *hint = pos;
        return true;
      }
    }
  }
  // The last position whose clock is at most `clock` (entries overwritten meanwhile, at
  // the old end, count as older).
  u64 lo = oldest, hi = head;  // answer in [lo, hi)
  while (hi - lo > 1) {
    u64 mid = lo + (hi - lo) / 2;
    if (!ReadEntry(h, mid, &v) || CompareClock(v.clock_low, target) <= 0) lo = mid;
    else hi = mid;
  }
  // Back through the accesses of that epoch, newest first.
  bool have_fallback = false;
  u64 fallback_pos = 0;
  HistoryAccess fallback;
  for (u64 pos = lo + 1; pos-- > oldest;) {
    if (!ReadEntry(h, pos, &v)) break;
    int order = CompareClock(v.clock_low, target);
    if (order < 0) break;
    if (order > 0) continue;
    if (matches(v, want_mask)) {
      out->site_id = v.site_id;
      out->mask = v.mask;
      out->callers = v.callers;
      if (hint) *hint = pos;
      return true;
    }
    if (!have_fallback && matches(v, mask)) {
      have_fallback = true;
      fallback_pos = pos;
      fallback.site_id = v.site_id;
      fallback.mask = v.mask;
      fallback.callers = v.callers;
    }
  }
  if (!have_fallback) return false;
  *out = fallback;
  if (hint) *hint = fallback_pos;
  return true;
}

}  // namespace rl
