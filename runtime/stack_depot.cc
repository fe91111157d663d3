#include "stack_depot.h"

#include <string.h>

#include "internal_alloc.h"
#include "spin_mutex.h"

namespace rl {

namespace {

struct Entry {
  u64 hash;
  Entry *next;
  u32 size;
  bool truncated;  // StackTrace::truncated
  const rl_site *frames[1];  // size entries follow
};

constexpr u32 kBuckets = 1 << 14;
constexpr u32 kLocks = 64;
Entry *g_buckets[kBuckets];
SpinMutex g_locks[kLocks];

u64 HashStack(const StackTrace &s) {
  u64 h = 0xcbf29ce484222325ull ^ s.size ^ (s.truncated ? 0x8000000000000000ull : 0);
  for (u32 i = 0; i < s.size; ++i) {
    h ^= uptr(s.frames[i]);
    h *= 0x100000001b3ull;
  }
  return h ? h : 1;
}

}  // namespace

u64 StackDepotPut(const StackTrace &stack) {
  if (!stack.size) return 0;
  u64 h = HashStack(stack);
  u32 b = u32(h >> 20) & (kBuckets - 1);
  SpinLockGuard guard(g_locks[b % kLocks]);
  for (Entry *e = g_buckets[b]; e; e = e->next)
    if (e->hash == h && e->size == stack.size && e->truncated == stack.truncated &&
        !memcmp(e->frames, stack.frames, stack.size * sizeof(void *)))
      return u64(uptr(e));
  Entry *e = static_cast<Entry *>(
      InternalAlloc(sizeof(Entry) + (stack.size - 1) * sizeof(const rl_site *)));
  e->hash = h;
  e->size = stack.size;
  e->truncated = stack.truncated;
  memcpy(e->frames, stack.frames, stack.size * sizeof(void *));
  e->next = g_buckets[b];
  g_buckets[b] = e;
  return u64(uptr(e));
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
