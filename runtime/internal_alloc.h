// Memory for the runtime's own data structures.
//
// The runtime never calls the program's malloc: the program may replace it, and the
// runtime intercepts it, so using it would re-enter the runtime. InternalAlloc goes to
// glibc's allocator directly (__libc_malloc), which is thread-safe and not intercepted.
// Under -fsanitize=thread (the runtime's own unit tests) it uses plain malloc so that
// ThreadSanitizer sees the memory being reused.
//
// Objects the runtime makes by the thousand and keeps while the program runs (SyncVars: one
// per atomic object or lock) come from an InternalObjectPool instead: glibc would place them
// in the calling thread's arena, between the program's own blocks, and the program's heap
// would then spread over more pages, each with its shadow (leveldb's skip list, a SyncVar per
// node: its heap grew to 26 MB against 7 MB natively, and its shadow with it).
//
// Thread-safety: all functions may be called from any thread concurrently; an
// InternalObjectPool serializes its own calls with a SpinMutex.
#ifndef RACELIGHT_INTERNAL_ALLOC_H
#define RACELIGHT_INTERNAL_ALLOC_H

#include <stddef.h>

#include "spin_mutex.h"

namespace rl {

// Never returns null: aborts the process with a message when memory is exhausted.
void *InternalAlloc(size_t size);
// Zero-filled.
void *InternalCalloc(size_t count, size_t size);
// Aligned to `alignment` (a power of two, at least sizeof(void *)); freed by InternalFree.
void *InternalAllocAligned(size_t alignment, size_t size);
void *InternalRealloc(void *ptr, size_t size);
void InternalFree(void *ptr);

// Zero-filled pages straight from the kernel (MAP_NORESERVE: only what is touched costs),
// with a raw system call: the program's mmap interceptor would otherwise reset shadow and
// sweep sync objects for memory the program never sees. Returns null on failure.
void *InternalMapZeroed(size_t bytes);
void InternalUnmap(void *ptr, size_t bytes);

// Allocates and constructs a T (placement new), and the reverse.
template <typename T, typename... Args>
T *InternalNew(Args &&...args) {
  // Over-aligned types (alignas a cache line) get memory aligned as they ask.
  void *mem = alignof(T) > alignof(max_align_t) ? InternalAllocAligned(alignof(T), sizeof(T))
                                                : InternalAlloc(sizeof(T));
  return new (mem) T(static_cast<Args &&>(args)...);
}
template <typename T>
void InternalDelete(T *object) {
  if (!object) return;
  object->~T();
  InternalFree(object);
}

// Fixed-size objects in memory of their own: 1 MiB chunks mapped for the pool
// (InternalMapZeroed), handed out in order, freed objects kept on a list for the next
// Allocate. Memory is never returned to the kernel (a freed object is reused). Under the
// sanitizers of the runtime's unit tests, plain malloc and free, so that they see the reuse.
class InternalObjectPool {
public:
  // `object_size` is rounded up to 16 bytes (the objects' alignment).
  constexpr explicit InternalObjectPool(size_t object_size)
      : object_size_((object_size + 15) & ~size_t(15)) {}
  InternalObjectPool(const InternalObjectPool &) = delete;
  InternalObjectPool &operator=(const InternalObjectPool &) = delete;
  // Never returns null (aborts when memory is exhausted). Zero-filled the first time an
  // object's memory is given out; a reused object holds what its last user left.
  void *Allocate();
  void Free(void *object);
  // In a forked child: the lock may have been held by a thread that no longer exists.
  void ResetAfterFork() { mu_.ResetAfterFork(); }

private:
  static constexpr size_t kChunkBytes = size_t(1) << 20;
  SpinMutex mu_;
  void *free_list_ = nullptr;  // each free object's first word links to the next
  char *chunk_ = nullptr;      // the chunk being handed out
  size_t chunk_used_ = kChunkBytes;
  const size_t object_size_;
};

template <typename T>
T *PoolNew(InternalObjectPool &pool) {
  static_assert(alignof(T) <= 16, "pool objects are 16-byte aligned");
  return new (pool.Allocate()) T();
}
template <typename T>
void PoolDelete(InternalObjectPool &pool, T *object) {
  if (!object) return;
  object->~T();
  pool.Free(object);
}

}  // namespace rl

// Placement new: <new> is header-only for this use and adds no link dependency.
#ifndef RACELIGHT_HAVE_PLACEMENT_NEW
#define RACELIGHT_HAVE_PLACEMENT_NEW
#include <new>
#endif

#endif  // RACELIGHT_INTERNAL_ALLOC_H
