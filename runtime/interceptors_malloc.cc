// Interceptors for the malloc family (C++ new/delete reach them through libstdc++), mmap
// and munmap. Memory that gets a new owner starts with fresh shadow, so the old and new
// owners never appear to race; a free is checked as a write of the block (so an access
// that races with it is reported) and stays recorded until the memory is reused.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "access.h"
#include "heap_registry.h"
#include "runtime_init.h"
#include "shadow_map.h"
#include "sync.h"
#include "thread_state.h"

extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void __libc_free(void *);
void *__libc_memalign(size_t, size_t);
void *__libc_valloc(size_t);
void *__libc_pvalloc(size_t);
}

using namespace rl;

namespace {

// How much of a freed block is checked as written by the free. Racing with the start of a
// block is what matters in practice; checking megabytes on every free would not pay.
constexpr uptr kMaxFreeCheck = 64 * 1024;

// The thread whose allocations are tracked, or null (runtime not up, or inside it).
ThreadState *Tracking() {
  if (RL_UNLIKELY(!RuntimeInitialized())) return nullptr;
  ThreadState *ts = CurrentThread();
  return ts->ignore ? nullptr : ts;
}

void *OnAllocated(void *p, size_t size) {
  if (!p) return p;
  ThreadState *ts = Tracking();
  if (!ts) return p;
  ScopedIgnore ignore(ts);
  ResetShadowRange(uptr(p), size);
  HeapBlockAllocated(ts, uptr(p), size);
  return p;
}

void OnFree(void *p) {
  ThreadState *ts = Tracking();
  if (!ts) return;
  u64 size = 0;
  bool known;
  {
    ScopedIgnore ignore(ts);
    known = HeapBlockFreed(uptr(p), &size);
  }
  if (!known) return;
  DestroySyncVarsInRange(uptr(p), size);
  // The shadow call stack's innermost callsite names the free()/delete call.
  const rl_site *site = InnermostCallSite(ts);
  CheckAccessRange(ts, uptr(p), size < kMaxFreeCheck ? size : kMaxFreeCheck, kAccessFree, site);
  if (size > kMaxFreeCheck) ResetShadowRange(uptr(p) + kMaxFreeCheck, size - kMaxFreeCheck);
}

}  // namespace

RL_EXPORT void *malloc(size_t size) { return OnAllocated(__libc_malloc(size), size); }

RL_EXPORT void *calloc(size_t count, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total)) {
    errno = ENOMEM;
    return nullptr;
  }
  return OnAllocated(__libc_calloc(count, size), total);
}

RL_EXPORT void free(void *p) {
  if (!p) return;
  OnFree(p);
  __libc_free(p);
}

RL_EXPORT void cfree(void *p) { free(p); }

RL_EXPORT void *realloc(void *p, size_t size) {
  if (!p) return malloc(size);
  if (size == 0) {
    free(p);
    return nullptr;
  }
  // The old block is read (copied) and freed, the new one written: model it as exactly that.
  ThreadState *ts = Tracking();
  u64 old_size = 0;
  if (ts) {
    ScopedIgnore ignore(ts);
    HeapBlockFreed(uptr(p), &old_size);
  }
  void *q = __libc_realloc(p, size);
  if (!q) {
    if (ts && old_size) {
      ScopedIgnore ignore(ts);
      HeapBlockAllocated(ts, uptr(p), old_size);
    }
    return nullptr;
  }
  if (ts) {
    {
      ScopedIgnore ignore(ts);
      if (q != p) {
        ResetShadowRange(uptr(q), size);
        if (old_size) DestroySyncVarsInRange(uptr(p), old_size);
      }
      HeapBlockAllocated(ts, uptr(q), size);
    }
    if (q != p && old_size) {
      // The new block holds data written by this thread now.
      CheckAccessRange(ts, uptr(q), size < old_size ? size : old_size, kAccessWrite, nullptr);
    }
  }
  return q;
}

RL_EXPORT void *reallocarray(void *p, size_t count, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total)) {
    errno = ENOMEM;
    return nullptr;
  }
  return realloc(p, total);
}

RL_EXPORT void *memalign(size_t alignment, size_t size) {
  return OnAllocated(__libc_memalign(alignment, size), size);
}

RL_EXPORT void *aligned_alloc(size_t alignment, size_t size) {
  return OnAllocated(__libc_memalign(alignment, size), size);
}

RL_EXPORT int posix_memalign(void **out, size_t alignment, size_t size) {
  if (alignment < sizeof(void *) || (alignment & (alignment - 1))) return EINVAL;
  void *p = __libc_memalign(alignment, size);
  if (!p) return ENOMEM;
  *out = OnAllocated(p, size);
  return 0;
}

RL_EXPORT void *valloc(size_t size) { return OnAllocated(__libc_valloc(size), size); }
RL_EXPORT void *pvalloc(size_t size) { return OnAllocated(__libc_pvalloc(size), size); }

// ---- mmap/munmap: memory mapped anew has no history.

RL_EXPORT void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset) {
  void *p = reinterpret_cast<void *>(syscall(SYS_mmap, addr, length, prot, flags, fd, offset));
  if (reinterpret_cast<long>(p) < 0 && reinterpret_cast<long>(p) > -4096) {
    errno = -int(reinterpret_cast<long>(p));
    return MAP_FAILED;
  }
  if (RuntimeInitialized()) {
    ResetShadowRange(uptr(p), length);
    DestroySyncVarsInRange(uptr(p), length);
  }
  return p;
}

RL_EXPORT void *mmap64(void *addr, size_t length, int prot, int flags, int fd, off_t offset) {
  return mmap(addr, length, prot, flags, fd, offset);
}

RL_EXPORT int munmap(void *addr, size_t length) {
  long rc = syscall(SYS_munmap, addr, length);
  if (rc == 0 && RuntimeInitialized()) {
    ResetShadowRange(uptr(addr), length);
    DestroySyncVarsInRange(uptr(addr), length);
  }
  return rc == 0 ? 0 : -1;
}
