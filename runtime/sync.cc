#include "access.h"
#include "sync.h"

#include <atomic>

#include "internal_alloc.h"
#include "lock_model.h"
#include "sync_index.h"
#include "thread_state.h"

namespace rl {

namespace {

constexpr u32 kShards = 1024;
constexpr u32 kQuarantine = 4096;

// Each shard's mutex guards kBucketsPerShard hash chains. (With one chain per shard,
// leveldb's skip list, an atomic pointer per node, made chains of dozens of SyncVars, and
// walking them was 43% of db_bench fillrandom.)
constexpr u32 kBucketsPerShard = 64;
struct Shard {
  SpinMutex mu;
  // Advanced (under mu) by every creation and removal in the shard: SyncVarCache.
  std::atomic<u32> generation{0};
  SyncVar *heads[kBucketsPerShard] = {};
};

// Called with the shard's mutex held, before the change is visible.
void AdvanceGeneration(Shard &shard) {
  shard.generation.store(shard.generation.load(std::memory_order_relaxed) + 1,
                         std::memory_order_release);
}

Shard g_shards[kShards];
std::atomic<u64> g_next_id{1};
std::atomic<u64> g_live{0};

// SyncVars live outside the program's heap (internal_alloc.h: leveldb's heap and shadow).
InternalObjectPool g_syncvar_pool(sizeof(SyncVar));

SpinMutex g_quarantine_mu;
SyncVar *g_quarantine[kQuarantine];
u32 g_quarantine_pos = 0;

u64 HashOf(uptr addr) { return (addr >> 3) * 0x9E3779B97F4A7C15ull; }
Shard &ShardFor(uptr addr) { return g_shards[HashOf(addr) >> 54]; }
// The chain of `addr` in its shard (every SyncVar of a granule is in one chain).
SyncVar *&ChainFor(Shard &shard, uptr addr) {
  return shard.heads[(HashOf(addr) >> 48) & (kBucketsPerShard - 1)];
}

void Retire(SyncVar *s) {
  LockModelForget(s);
  SyncVar *old;
  {
    SpinLockGuard guard(g_quarantine_mu);
    old = g_quarantine[g_quarantine_pos];
    g_quarantine[g_quarantine_pos] = s;
    g_quarantine_pos = (g_quarantine_pos + 1) % kQuarantine;
  }
  PoolDelete(g_syncvar_pool, old);
  g_live.fetch_sub(1, std::memory_order_relaxed);
}

// Adds a new SyncVar for `addr` to `shard`, whose mutex the caller holds.
SyncVar *CreateLocked(Shard &shard, uptr addr) {
  SyncVar *s = PoolNew<SyncVar>(g_syncvar_pool);
  s->addr = addr;
  s->id = g_next_id.fetch_add(1, std::memory_order_relaxed);
  AdvanceGeneration(shard);
  SyncVar *&head = ChainFor(shard, addr);
  s->next = head;
  head = s;
  SyncIndexSet(addr);
  g_live.fetch_add(1, std::memory_order_relaxed);
  return s;
}

// After SyncVars were unlinked from `shard` (whose mutex the caller holds): clears the
// index bit of the granule at `granule` unless another SyncVar of it is still there.
void UnindexIfLastLocked(Shard &shard, uptr granule) {
  for (SyncVar *s = ChainFor(shard, granule); s; s = s->next)
    if ((s->addr & ~uptr(7)) == granule) return;
  SyncIndexClear(granule);
}

}  // namespace

static_assert(kShards == 1024, "ShardFor takes the top 10 bits of the hash");

const char *LockTypeName(LockType type) {
  switch (type) {
    case LockType::kMutex: return "mutex";
    case LockType::kRecursive: return "recursive-mutex";
    case LockType::kErrorCheck: return "errorcheck-mutex";
    case LockType::kRwLock: return "rwlock";
    case LockType::kSpin: return "spinlock";
    case LockType::kOmp: return "omp-lock";
    case LockType::kNone: break;
  }
  return "sync";
}

SyncVar *GetSyncVar(uptr addr, bool create) {
  if (!create && !SyncIndexTest(addr)) return nullptr;
  Shard &shard = ShardFor(addr);
  SpinLockGuard guard(shard.mu);
  for (SyncVar *s = ChainFor(shard, addr); s; s = s->next)
    if (s->addr == addr) return s;
  if (!create) return nullptr;
  return CreateLocked(shard, addr);
}

u32 CollectSyncVarsInRange(uptr addr, uptr size, bool create_at_addr, SyncVar **out, u32 max) {
  u32 n = 0;
  uptr end = addr + (size ? size : 1);
  uptr first = addr & ~uptr(7);
  // Only granules the index says hold an object are looked at (and the first, when an
  // object is to be created there).
  for (uptr g = create_at_addr ? first : SyncIndexNext(first, end); g < end && n < max;
       g = SyncIndexNext(g + 8, end)) {
    Shard &shard = ShardFor(g);  // every SyncVar of a granule is in one shard
    SpinLockGuard guard(shard.mu);
    bool found_addr = false;
    for (SyncVar *s = ChainFor(shard, g); s && n < max; s = s->next) {
      if (s->addr >= addr && s->addr < end) {
        out[n++] = s;
        found_addr |= s->addr == addr;
      }
    }
    if (create_at_addr && g == first && !found_addr && n < max)
      out[n++] = CreateLocked(shard, addr);
  }
  for (u32 i = 1; i < n; ++i)  // insertion sort: n is almost always 1
    for (u32 j = i; j > 0 && out[j - 1]->addr > out[j]->addr; --j) {
      SyncVar *t = out[j];
      out[j] = out[j - 1];
      out[j - 1] = t;
    }
  return n;
}


namespace {

SyncVarCache::Entry &CacheEntryFor(SyncVarCache *cache, uptr addr) {
  return cache->entries[(addr >> 3) % SyncVarCache::kEntries];
}

// The entry's SyncVar if it answers (addr, size), else null.
SyncVar *CacheLookup(SyncVarCache *cache, uptr addr, u32 size) {
  const SyncVarCache::Entry &e = CacheEntryFor(cache, addr);
  if (e.var && e.addr == addr && e.size == size &&
      e.generation == ShardFor(addr).generation.load(std::memory_order_acquire))
    return e.var;
  return nullptr;
}

void CacheStore(SyncVarCache *cache, uptr addr, u32 size, u32 generation, SyncVar *var) {
  SyncVarCache::Entry &e = CacheEntryFor(cache, addr);
  e.addr = addr;
  e.size = size;
  e.generation = generation;
  e.var = var;
}

}  // namespace

SyncVar *GetSyncVarCached(SyncVarCache *cache, uptr addr) {
  if (SyncVar *s = CacheLookup(cache, addr, 0)) return s;
  // The generation is read before the lookup: a change during it makes the entry stale
  // (so does a creation by this lookup: the next call refreshes the entry).
  u32 generation = ShardFor(addr).generation.load(std::memory_order_acquire);
  SyncVar *s = GetSyncVar(addr, true);
  CacheStore(cache, addr, 0, generation, s);
  return s;
}

u32 CollectSyncVarsCached(SyncVarCache *cache, uptr addr, uptr size, bool create_at_addr,
                          SyncVar **out, u32 max) {
  uptr last = addr + (size ? size : 1) - 1;
  if ((addr & ~uptr(7)) != (last & ~uptr(7)) || max == 0 || size > 8)
    return CollectSyncVarsInRange(addr, size, create_at_addr, out, max);
  if (SyncVar *s = CacheLookup(cache, addr, u32(size))) {
    out[0] = s;
    return 1;
  }
  // The generation is read before the lookup: a change during it makes the entry stale.
  u32 generation = ShardFor(addr).generation.load(std::memory_order_acquire);
  u32 n = CollectSyncVarsInRange(addr, size, create_at_addr, out, max);
  // Created by this lookup: the generation it read is one behind; the next call refreshes it.
  if (n == 1 && out[0]->addr == addr) CacheStore(cache, addr, u32(size), generation, out[0]);
  return n;
}

void DestroySyncVar(uptr addr) {
  if (!SyncIndexTest(addr)) return;
  Shard &shard = ShardFor(addr);
  SyncVar *found = nullptr;
  {
    SpinLockGuard guard(shard.mu);
    for (SyncVar **p = &ChainFor(shard, addr); *p; p = &(*p)->next) {
      if ((*p)->addr == addr) {
        AdvanceGeneration(shard);
        found = *p;
        *p = found->next;
        break;
      }
    }
    if (found) UnindexIfLastLocked(shard, addr & ~uptr(7));
  }
  if (found) Retire(found);
}

void DestroySyncVarsInRange(uptr begin, uptr size) {
  if (!size || !g_live.load(std::memory_order_relaxed)) return;
  uptr end = begin + size;
  // The index names the granules that hold objects: a range without any costs a look at
  // its pages' counts, whatever its size.
  for (uptr g = SyncIndexNext(begin, end); g < end; g = SyncIndexNext(g + 8, end)) {
    Shard &shard = ShardFor(g);
    SyncVar *removed = nullptr;
    {
      SpinLockGuard guard(shard.mu);
      for (SyncVar **p = &ChainFor(shard, g); *p;) {
        SyncVar *s = *p;
        if (s->addr >= begin && s->addr < end && (s->addr & ~uptr(7)) == g) {
          if (!removed) AdvanceGeneration(shard);
          *p = s->next;
          s->next = removed;
          removed = s;
        } else {
          p = &s->next;
        }
      }
      if (removed) UnindexIfLastLocked(shard, g);
    }
    while (removed) {
      SyncVar *next = removed->next;
      Retire(removed);
      removed = next;
    }
  }
}

u64 LiveSyncVarCount() { return g_live.load(std::memory_order_relaxed); }

void SyncAfterForkChild() {
  g_quarantine_mu.ResetAfterFork();
  g_syncvar_pool.ResetAfterFork();
  for (u32 i = 0; i < kQuarantine; ++i)
    if (g_quarantine[i]) g_quarantine[i]->mu.ResetAfterFork();
  for (u32 i = 0; i < kShards; ++i) {
    g_shards[i].mu.ResetAfterFork();
    for (SyncVar *head : g_shards[i].heads)
      for (SyncVar *s = head; s; s = s->next) s->mu.ResetAfterFork();
  }
}

void AcquireFrom(ThreadState *ts, SyncVar *s) {
  RecheckUnfenced(ts);
  SpinLockGuard guard(s->mu);
  ts->clock.Join(s->clock);
}

void ReleaseTo(ThreadState *ts, SyncVar *s) {
  RecheckUnfenced(ts);
  {
    SpinLockGuard guard(s->mu);
    s->clock.Join(ts->clock);
  }
  Tick(ts);
}

void AcquireAddr(ThreadState *ts, uptr addr) { AcquireFrom(ts, GetSyncVar(addr, true)); }
void ReleaseAddr(ThreadState *ts, uptr addr) { ReleaseTo(ts, GetSyncVar(addr, true)); }

}  // namespace rl
