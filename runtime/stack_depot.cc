#include "stack_depot.h"

#include <string.h>

#include <atomic>

#include "diagnostics.h"
#include "internal_alloc.h"
#include "spin_mutex.h"

namespace rl {

namespace {

// Entries are immutable once linked: a lookup reads the chains without the lock.
struct Entry {
  u64 hash;
  Entry *next;
  u32 size;
  bool truncated;  // StackTrace::truncated
  const rl_site *frames[1];  // size entries follow
};

constexpr u32 kBuckets = 1 << 14;
constexpr u32 kLocks = 64;
std::atomic<Entry *> g_buckets[kBuckets];
SpinMutex g_locks[kLocks];

// Entries come from chunks mapped for the depot, never from malloc: the access slow path
// interns stacks (access history), also in signal handlers that may have interrupted
// malloc itself. Bump allocation, lock-free; a chunk is never returned.
constexpr uptr kChunkBytes = uptr{1} << 20;
std::atomic<char *> g_chunk{nullptr};
std::atomic<uptr> g_chunk_used{kChunkBytes};
SpinMutex g_chunk_mu;

void *DepotAlloc(uptr bytes) {
  bytes = (bytes + 15) & ~uptr(15);
  for (;;) {
    uptr used = g_chunk_used.load(std::memory_order_acquire);
    char *chunk = g_chunk.load(std::memory_order_acquire);
    if (used + bytes <= kChunkBytes && chunk) {
      if (g_chunk_used.compare_exchange_weak(used, used + bytes, std::memory_order_acq_rel))
        return chunk + used;
      continue;
    }
    // Full (or none yet): one thread maps the next chunk; the rest of the old one is lost.
    SpinLockGuard guard(g_chunk_mu);
    if (g_chunk_used.load(std::memory_order_acquire) + bytes <= kChunkBytes &&
        g_chunk.load(std::memory_order_acquire))
      continue;
    char *fresh = static_cast<char *>(InternalMapZeroed(kChunkBytes));
    if (!fresh) Die("stack depot: out of memory");
    g_chunk.store(fresh, std::memory_order_release);
    g_chunk_used.store(0, std::memory_order_release);
  }
}

u64 HashStack(const StackTrace &s) {
  u64 h = 0xcbf29ce484222325ull ^ s.size ^ (s.truncated ? 0x8000000000000000ull : 0);
  for (u32 i = 0; i < s.size; ++i) {
    h ^= uptr(s.frames[i]);
    h *= 0x100000001b3ull;
  }
  return h ? h : 1;
}

const Entry *FindIn(const Entry *e, u64 h, const StackTrace &stack) {
  for (; e; e = e->next)
    if (e->hash == h && e->size == stack.size && e->truncated == stack.truncated &&
        !memcmp(e->frames, stack.frames, stack.size * sizeof(void *)))
      return e;
  return nullptr;
}

}  // namespace

u64 StackDepotPut(const StackTrace &stack) {
  if (!stack.size) return 0;
  u64 h = HashStack(stack);
  u32 b = u32(h >> 20) & (kBuckets - 1);
  // Under the shard's lock, as before call paths came: a lock-free lookup first measured
  // faster per call but made mutex_counter (a stack interned per lock) 1.0 s -> 1.55 s,
  // its threads sleeping on the contended mutex far more often. (The lock also makes the
  // intercepted memcmp below pass through: SpinLocksHeld.)
  SpinLockGuard guard(g_locks[b % kLocks]);
  Entry *head = g_buckets[b].load(std::memory_order_relaxed);
  if (const Entry *e = FindIn(head, h, stack)) return u64(uptr(e));
  Entry *e = static_cast<Entry *>(
      DepotAlloc(sizeof(Entry) + (stack.size - 1) * sizeof(const rl_site *)));
  e->hash = h;
  e->size = stack.size;
  e->truncated = stack.truncated;
  memcpy(e->frames, stack.frames, stack.size * sizeof(void *));
  e->next = head;
  g_buckets[b].store(e, std::memory_order_release);
  return u64(uptr(e));
}

namespace {
// Call paths: a trie of (parent path, site) nodes in a hash table of its own.
struct PathNode {
  const PathNode *parent;
  const rl_site *site;
  std::atomic<PathNode *> next;  // in its bucket's chain
};
constexpr u32 kPathBuckets = 1 << 16;
std::atomic<PathNode *> g_path_buckets[kPathBuckets];

u32 PathBucket(u64 parent, const rl_site *site) {
  u64 h = (parent ^ (uptr(site) * 0x9e3779b97f4a7c15ull)) * 0xff51afd7ed558ccdull;
  return u32(h >> 40) & (kPathBuckets - 1);
}

const PathNode *FindPath(const PathNode *e, u64 parent, const rl_site *site) {
  for (; e; e = e->next.load(std::memory_order_acquire))
    if (uptr(e->parent) == parent && e->site == site) return e;
  return nullptr;
}
}  // namespace

u64 CallPathIntern(u64 parent, const rl_site *site) {
  const u32 b = PathBucket(parent, site);
  if (const PathNode *e = FindPath(g_path_buckets[b].load(std::memory_order_acquire), parent, site))
    return u64(uptr(e));
  // A signal handler that interrupted its thread inside a runtime critical section (maybe
  // this one) must not take a runtime lock.
  if (SpinLocksHeld()) return 0;
  SpinLockGuard guard(g_locks[b % kLocks]);
  PathNode *head = g_path_buckets[b].load(std::memory_order_relaxed);
  if (const PathNode *e = FindPath(head, parent, site)) return u64(uptr(e));
  PathNode *e = static_cast<PathNode *>(DepotAlloc(sizeof(PathNode)));
  e->parent = reinterpret_cast<const PathNode *>(uptr(parent));
  e->site = site;
  e->next.store(head, std::memory_order_relaxed);
  g_path_buckets[b].store(e, std::memory_order_release);
  return u64(uptr(e));
}

void CallPathGet(u64 path, StackTrace *out) {
  for (const PathNode *e = reinterpret_cast<const PathNode *>(uptr(path)); e; e = e->parent) {
    if (out->size >= kMaxReportFrames) {
      out->truncated = true;
      return;
    }
    out->PushWithInlinedCallers(e->site);
  }
}

void StackDepotGet(u64 id, StackTrace *out) {
  out->Clear();
  if (!id) return;
  const Entry *e = reinterpret_cast<const Entry *>(uptr(id));
  for (u32 i = 0; i < e->size; ++i) out->Push(e->frames[i]);
  out->truncated = e->truncated;
}

void StackDepotAfterForkChild() {
  for (u32 i = 0; i < kLocks; ++i) g_locks[i].ResetAfterFork();
}

}  // namespace rl
