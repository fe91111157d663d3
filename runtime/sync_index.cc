#include "sync_index.h"

#include "diagnostics.h"
#include "internal_alloc.h"
#include "spin_mutex.h"

namespace rl {

namespace {

constexpr unsigned kIndexAddressBits = 47;
constexpr unsigned kIndexPageBits = 16;
constexpr uptr kIndexPageSize = uptr{1} << kIndexPageBits;
constexpr uptr kIndexPages = uptr{1} << (kIndexAddressBits - kIndexPageBits);
constexpr uptr kGranulesPerIndexPage = kIndexPageSize / 8;
constexpr uptr kWordsPerIndexPage = kGranulesPerIndexPage / 64;

struct IndexBlock {
  std::atomic<u32> set_granules;  // how many bits below are set
  u32 reserved;
  std::atomic<u64> bits[kWordsPerIndexPage];
};
static_assert(sizeof(IndexBlock) == 8 + kWordsPerIndexPage * 8, "no padding");

std::atomic<IndexBlock *> *g_index_l1;
SpinMutex g_index_init_mu;

RL_ALWAYS_INLINE uptr PageOf(uptr addr) { return (addr >> kIndexPageBits) & (kIndexPages - 1); }
RL_ALWAYS_INLINE uptr GranuleInPage(uptr addr) { return (addr & (kIndexPageSize - 1)) >> 3; }

// The level-1 table, or null while no sync object was ever indexed.
RL_ALWAYS_INLINE std::atomic<IndexBlock *> *Level1() {
  return __atomic_load_n(&g_index_l1, __ATOMIC_ACQUIRE);
}

IndexBlock *BlockFor(uptr addr) {
  std::atomic<IndexBlock *> *l1 = Level1();
  return l1 ? l1[PageOf(addr)].load(std::memory_order_acquire) : nullptr;
}

IndexBlock *MapBlockFor(uptr addr) {
  std::atomic<IndexBlock *> *l1 = Level1();
  if (!l1) {
    SpinLockGuard guard(g_index_init_mu);
    l1 = Level1();
    if (!l1) {
      size_t bytes = kIndexPages * sizeof(std::atomic<IndexBlock *>);
      l1 = static_cast<std::atomic<IndexBlock *> *>(InternalMapZeroed(bytes));
      if (!l1) Die("cannot reserve the sync object index (mmap of %zu bytes failed)", bytes);
      __atomic_store_n(&g_index_l1, l1, __ATOMIC_RELEASE);
    }
  }
  std::atomic<IndexBlock *> &slot = l1[PageOf(addr)];
  IndexBlock *existing = slot.load(std::memory_order_acquire);
  if (existing) return existing;
  IndexBlock *mine = static_cast<IndexBlock *>(InternalMapZeroed(sizeof(IndexBlock)));
  if (!mine) Die("out of memory mapping the sync object index");
  if (slot.compare_exchange_strong(existing, mine, std::memory_order_acq_rel)) return mine;
  InternalUnmap(mine, sizeof(IndexBlock));
  return existing;
}

}  // namespace

void SyncIndexSet(uptr addr) {
  IndexBlock *block = BlockFor(addr);
  if (!block) block = MapBlockFor(addr);
  uptr g = GranuleInPage(addr);
  u64 bit = u64{1} << (g % 64);
  if (!(block->bits[g / 64].fetch_or(bit, std::memory_order_release) & bit))
    block->set_granules.fetch_add(1, std::memory_order_release);
}

void SyncIndexClear(uptr addr) {
  IndexBlock *block = BlockFor(addr);
  if (!block) return;
  uptr g = GranuleInPage(addr);
  u64 bit = u64{1} << (g % 64);
  if (block->bits[g / 64].fetch_and(~bit, std::memory_order_relaxed) & bit)
    block->set_granules.fetch_sub(1, std::memory_order_relaxed);
}

bool SyncIndexTest(uptr addr) {
  IndexBlock *block = BlockFor(addr);
  if (!block) return false;
  uptr g = GranuleInPage(addr);
  return (block->bits[g / 64].load(std::memory_order_acquire) >> (g % 64)) & 1;
}

uptr SyncIndexNext(uptr begin, uptr end) {
  std::atomic<IndexBlock *> *l1 = Level1();
  if (!l1) return end;
  for (uptr a = begin & ~uptr(7); a < end;) {
    uptr page_end = (a | (kIndexPageSize - 1)) + 1;
    IndexBlock *block = l1[PageOf(a)].load(std::memory_order_acquire);
    if (!block || !block->set_granules.load(std::memory_order_acquire)) {
      a = page_end;
      continue;
    }
    uptr last = (end < page_end ? end : page_end) - 1;  // last byte looked at in this page
    uptr g = GranuleInPage(a), g_last = GranuleInPage(last);
    for (uptr w = g / 64; w <= g_last / 64; ++w) {
      u64 word = block->bits[w].load(std::memory_order_acquire);
      if (w == g / 64) word &= ~u64{0} << (g % 64);
      if (w == g_last / 64 && g_last % 64 != 63) word &= (u64{1} << (g_last % 64 + 1)) - 1;
      if (word) return (a & ~(kIndexPageSize - 1)) + (w * 64 + __builtin_ctzll(word)) * 8;
    }
    a = page_end;
  }
  return end;
}

}  // namespace rl
