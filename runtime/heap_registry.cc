#include "heap_registry.h"

#include <atomic>

#include "internal_alloc.h"
#include "spin_mutex.h"
#include "thread_state.h"

namespace rl {

namespace {

constexpr u32 kShards = 256;
constexpr u32 kAllocFrames = 6;  // allocation stacks are kept short: they are per block

struct Block {
  uptr address;
  u64 size;
  u32 tid;
  u32 num_frames;
  bool frames_truncated;  // the allocation stack had more frames than kept
  const rl_site *frames[kAllocFrames];
  Block *next;
};

// Blocks freed last, per shard: a race with a free is often found after the free (the
// other thread touches the block later), when the block is no longer live, and the report
// should still name the heap block and where it was allocated.
constexpr u32 kFreedPerShard = 8;

struct Shard {
  SpinMutex mu;
  Block **buckets = nullptr;
  u64 num_buckets = 0;
  u64 count = 0;
  Block *freed[kFreedPerShard] = {};
  u64 freed_seq[kFreedPerShard] = {};  // global free order, to pick the latest match
  u32 freed_next = 0;
};

std::atomic<u64> g_free_seq{0};

Shard g_shards[kShards];

u64 Hash(uptr a) { return (a >> 4) * 0x9E3779B97F4A7C15ull; }
Shard &ShardFor(uptr a) { return g_shards[Hash(a) >> 56]; }

void Rehash(Shard &s) {
  u64 n = s.num_buckets ? s.num_buckets * 2 : 64;
  Block **buckets = static_cast<Block **>(InternalCalloc(n, sizeof(Block *)));
  for (u64 i = 0; i < s.num_buckets; ++i) {
    for (Block *b = s.buckets[i]; b;) {
      Block *next = b->next;
      u64 j = (Hash(b->address) >> 8) & (n - 1);
      b->next = buckets[j];
      buckets[j] = b;
      b = next;
    }
  }
  InternalFree(s.buckets);
  s.buckets = buckets;
  s.num_buckets = n;
}

}  // namespace

static_assert(kShards == 256, "ShardFor takes the top 8 bits of the hash");

void HeapBlockAllocated(ThreadState *ts, uptr address, u64 size) {
  Block *b = static_cast<Block *>(InternalAlloc(sizeof(Block)));
  b->address = address;
  b->size = size;
  b->tid = ts->tid;
  StackTrace st;
  CaptureStack(ts, nullptr, &st);
  b->num_frames = st.size < kAllocFrames ? st.size : kAllocFrames;
  for (u32 i = 0; i < b->num_frames; ++i) b->frames[i] = st.frames[i];
  b->frames_truncated = st.truncated || st.size > kAllocFrames;
  Shard &s = ShardFor(address);
  SpinLockGuard guard(s.mu);
  if (s.count + 1 > s.num_buckets) Rehash(s);
  u64 j = (Hash(address) >> 8) & (s.num_buckets - 1);
  // A block the program never freed through us (memory handed back by other means) may
  // still be listed at this address: replace it.
  for (Block **p = &s.buckets[j]; *p; p = &(*p)->next) {
    if ((*p)->address == address) {
      Block *old = *p;
      *p = old->next;
      InternalFree(old);
      --s.count;
      break;
    }
  }
  b->next = s.buckets[j];
  s.buckets[j] = b;
  ++s.count;
}

bool HeapBlockFreed(uptr address, u64 *size) {
  Shard &s = ShardFor(address);
  Block *found = nullptr;
  Block *evicted = nullptr;
  {
    SpinLockGuard guard(s.mu);
    if (!s.num_buckets) {
      *size = 0;
      return false;
    }
    u64 j = (Hash(address) >> 8) & (s.num_buckets - 1);
    for (Block **p = &s.buckets[j]; *p; p = &(*p)->next) {
      if ((*p)->address == address) {
        found = *p;
        *p = found->next;
        --s.count;
        break;
      }
    }
    if (found) {
      *size = found->size;
      u32 k = s.freed_next;
      s.freed_next = (k + 1) % kFreedPerShard;
      evicted = s.freed[k];
      s.freed[k] = found;
      s.freed_seq[k] = g_free_seq.fetch_add(1, std::memory_order_relaxed) + 1;
    }
  }
  if (!found) *size = 0;
  InternalFree(evicted);
  return found != nullptr;
}

namespace {

void CopyOut(const Block *b, HeapBlockInfo *out) {
  out->address = b->address;
  out->size = b->size;
  out->tid = b->tid;
  out->stack.Clear();
  for (u32 f = 0; f < b->num_frames; ++f) out->stack.Push(b->frames[f]);
  out->stack.truncated = b->frames_truncated;
}

bool Contains(const Block *b, uptr addr) {
  return addr >= b->address && addr < b->address + (b->size ? b->size : 1);
}

}  // namespace

bool FindRecentlyFreedHeapBlock(uptr addr, HeapBlockInfo *out) {
  u64 best_seq = 0;
  for (u32 k = 0; k < kShards; ++k) {
    Shard &s = g_shards[k];
    SpinLockGuard guard(s.mu);
    for (u32 i = 0; i < kFreedPerShard; ++i) {
      if (s.freed[i] && s.freed_seq[i] > best_seq && Contains(s.freed[i], addr)) {
        best_seq = s.freed_seq[i];
        CopyOut(s.freed[i], out);
      }
    }
  }
  return best_seq != 0;
}

bool FindHeapBlock(uptr addr, HeapBlockInfo *out) {
  // Reports only: a full sweep is acceptable.
  for (u32 k = 0; k < kShards; ++k) {
    Shard &s = g_shards[k];
    SpinLockGuard guard(s.mu);
    for (u64 i = 0; i < s.num_buckets; ++i) {
      for (Block *b = s.buckets[i]; b; b = b->next) {
        if (Contains(b, addr)) {
          CopyOut(b, out);
          return true;
        }
      }
    }
  }
  return false;
}

void HeapRegistryAfterForkChild() {
  for (u32 k = 0; k < kShards; ++k) g_shards[k].mu.ResetAfterFork();
}

}  // namespace rl
