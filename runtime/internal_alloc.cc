#include "internal_alloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

// Under ThreadSanitizer (the unit tests) and AddressSanitizer (the fuzz targets, tests/fuzz)
// internal memory comes from the sanitizer's malloc, so that it checks it too.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define RL_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define RL_UNDER_TSAN 1
#endif
#endif

#ifndef RL_UNDER_TSAN
extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void __libc_free(void *);
void *__libc_memalign(size_t, size_t);
}
#define RL_MALLOC __libc_malloc
#define RL_CALLOC __libc_calloc
#define RL_REALLOC __libc_realloc
#define RL_FREE __libc_free
#define RL_MEMALIGN __libc_memalign
#else
#define RL_MALLOC malloc
#define RL_CALLOC calloc
#define RL_REALLOC realloc
#define RL_FREE free
#define RL_MEMALIGN(alignment, size) aligned_alloc(alignment, ((size) + (alignment)-1) & ~((alignment)-1))
#endif

namespace rl {

[[noreturn]] static void OutOfMemory(size_t size) {
  static const char kMessage[] = "racelight: internal allocation failed (out of memory)\n";
  long ignored = syscall(SYS_write, 2, kMessage, sizeof(kMessage) - 1);
  (void)ignored;
  (void)size;
  abort();
}

void *InternalAlloc(size_t size) {
  void *p = RL_MALLOC(size ? size : 1);
  if (!p) OutOfMemory(size);
  return p;
}

void *InternalCalloc(size_t count, size_t size) {
  void *p = RL_CALLOC(count ? count : 1, size ? size : 1);
  if (!p) OutOfMemory(count * size);
  return p;
}

void *InternalRealloc(void *ptr, size_t size) {
  void *p = RL_REALLOC(ptr, size ? size : 1);
  if (!p) OutOfMemory(size);
  return p;
}

void *InternalAllocAligned(size_t alignment, size_t size) {
  void *p = RL_MEMALIGN(alignment, size ? size : 1);
  if (!p) OutOfMemory(size);
  return p;
}

void InternalFree(void *ptr) { RL_FREE(ptr); }

void *InternalMapZeroed(size_t bytes) {
  long p = syscall(SYS_mmap, nullptr, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return (p < 0 && p > -4096) ? nullptr : reinterpret_cast<void *>(p);
}

void InternalUnmap(void *ptr, size_t bytes) { syscall(SYS_munmap, ptr, bytes); }

void *InternalObjectPool::Allocate() {
#ifdef RL_UNDER_TSAN
  (void)free_list_, (void)chunk_, (void)chunk_used_;  // (the pool's own path is not built)
  return InternalCalloc(1, object_size_);
#else
  SpinLockGuard guard(mu_);
  if (void *object = free_list_) {
    free_list_ = *static_cast<void **>(object);
    return object;
  }
  if (chunk_used_ + object_size_ > kChunkBytes) {
    chunk_ = static_cast<char *>(InternalMapZeroed(kChunkBytes));
    if (!chunk_) OutOfMemory(kChunkBytes);
    chunk_used_ = 0;
  }
  void *object = chunk_ + chunk_used_;
  chunk_used_ += object_size_;
  return object;
#endif
}

void InternalObjectPool::Free(void *object) {
  if (!object) return;
#ifdef RL_UNDER_TSAN
  InternalFree(object);
#else
  SpinLockGuard guard(mu_);
  *static_cast<void **>(object) = free_list_;
  free_list_ = object;
#endif
}

}  // namespace rl
