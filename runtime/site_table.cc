#include "site_table.h"

#include <atomic>

#include "internal_alloc.h"

namespace rl {

namespace {
constexpr u32 kChunkBits = 16;
constexpr u32 kChunkSize = 1u << kChunkBits;
constexpr u32 kMaxChunks = 1u << 14;  // 2^30 sites

std::atomic<u32> g_next_id{1};
std::atomic<const rl_site **> g_chunks[kMaxChunks];

std::atomic<const rl_site *> *Slot(u32 id, bool create) {
  u32 chunk = id >> kChunkBits;
  if (chunk >= kMaxChunks) return nullptr;
  const rl_site **entries = g_chunks[chunk].load(std::memory_order_acquire);
  if (!entries) {
    if (!create) return nullptr;
    auto *fresh = static_cast<const rl_site **>(InternalCalloc(kChunkSize, sizeof(void *)));
    if (g_chunks[chunk].compare_exchange_strong(entries, fresh, std::memory_order_acq_rel)) {
      entries = fresh;
    } else {
      InternalFree(fresh);
    }
  }
  return reinterpret_cast<std::atomic<const rl_site *> *>(&entries[id & (kChunkSize - 1)]);
}
}  // namespace

u32 InternSite(const rl_site *site) {
  u32 id = __atomic_load_n(&site->id, __ATOMIC_ACQUIRE);
  if (id) return id;
  u32 fresh = g_next_id.fetch_add(1, std::memory_order_relaxed);
  std::atomic<const rl_site *> *slot = Slot(fresh, true);
  if (!slot) return 0;  // table full: the site stays anonymous
  slot->store(site, std::memory_order_release);
  u32 expected = 0;
  // The site may be interned by two threads at once: the loser's id stays mapped to the
  // same site, which is harmless.
  if (__atomic_compare_exchange_n(const_cast<u32 *>(&site->id), &expected, fresh, false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return fresh;
  return expected;
}

const rl_site *SiteById(u32 id) {
  if (!id) return nullptr;
  std::atomic<const rl_site *> *slot = Slot(id, false);
  return slot ? slot->load(std::memory_order_acquire) : nullptr;
}

}  // namespace rl
