// Memory for the runtime's own data structures.
//
// The runtime never calls the program's malloc: the program may replace it, and the
// runtime intercepts it, so using it would re-enter the runtime. InternalAlloc goes to
// glibc's allocator directly (__libc_malloc), which is thread-safe and not intercepted.
// Under -fsanitize=thread (the runtime's own unit tests) it uses plain malloc so that
// ThreadSanitizer sees the memory being reused.
//
// Thread-safety: all functions may be called from any thread concurrently.
#ifndef RACELIGHT_INTERNAL_ALLOC_H
#define RACELIGHT_INTERNAL_ALLOC_H

#include <stddef.h>

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

}  // namespace rl

// Placement new: <new> is header-only for this use and adds no link dependency.
#ifndef RACELIGHT_HAVE_PLACEMENT_NEW
#define RACELIGHT_HAVE_PLACEMENT_NEW
#include <new>
#endif

#endif  // RACELIGHT_INTERNAL_ALLOC_H
