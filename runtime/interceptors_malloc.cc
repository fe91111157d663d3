// Interceptors for the malloc family (C++ new/delete reach them through libstdc++), mmap
// and munmap. Memory that gets a new owner starts with fresh shadow, so the old and new
// owners never appear to race; a free is checked as a write of the block (so an access
// that races with it is reported) and stays recorded until the memory is reused.
#include <dlfcn.h>
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

// The allocator underneath the interceptors: the next definition after the executable, found
// with dlsym(RTLD_NEXT) on first use. That is an allocator library the program links
// (libjemalloc.so, libtcmalloc.so) or preloads, else the C library; so such an allocator
// still serves every allocation and Racelight still sees them. (An allocator defined in the
// executable itself, or linked statically, replaces these weak interceptors instead.)
struct RealAllocator {
  void *(*malloc)(size_t);
  void *(*calloc)(size_t, size_t);
  void *(*realloc)(void *, size_t);
  void (*free)(void *);
  void *(*memalign)(size_t, size_t);
  void *(*valloc)(size_t);
  void *(*pvalloc)(size_t);
};
RealAllocator g_real_alloc;
enum : int { kUnresolved, kResolving, kResolved };
int g_real_alloc_state = kUnresolved;

// dlsym itself may allocate: what is asked for while it runs comes from this static arena
// (never freed: free ignores it, realloc copies out of it).
constexpr uptr kBootstrapBytes = 64 * 1024;
alignas(64) char g_bootstrap[kBootstrapBytes];
uptr g_bootstrap_used = 0;

bool FromBootstrap(const void *p) {
  return uptr(p) >= uptr(g_bootstrap) && uptr(p) < uptr(g_bootstrap) + kBootstrapBytes;
}

// A 16-byte header holding the size precedes each block; `align` is a power of two.
void *BootstrapAlloc(size_t size, size_t align) {
  if (align < 16) align = 16;
  if (size > kBootstrapBytes) return nullptr;
  uptr need = (size + 15) & ~uptr(15);
  uptr old = __atomic_load_n(&g_bootstrap_used, __ATOMIC_RELAXED), start, end;
  do {
    start = ((uptr(g_bootstrap) + old + 16 + align - 1) & ~(align - 1)) - uptr(g_bootstrap);
    end = start + need;
    if (end > kBootstrapBytes) return nullptr;
  } while (!__atomic_compare_exchange_n(&g_bootstrap_used, &old, end, true, __ATOMIC_RELAXED,
                                        __ATOMIC_RELAXED));
  char *p = g_bootstrap + start;
  reinterpret_cast<size_t *>(p)[-1] = size;
  return p;  // zeroed: the arena is never reused
}

size_t BootstrapSize(const void *p) { return reinterpret_cast<const size_t *>(p)[-1]; }

template <typename F>
void ResolveAlloc(F *slot, const char *name, F fallback) {
  void *p = dlsym(RTLD_NEXT, name);
  *slot = p ? reinterpret_cast<F>(p) : fallback;
}

// The real allocator, or null while it is being looked up (then use the bootstrap arena).
const RealAllocator *Real() {
  if (RL_LIKELY(__atomic_load_n(&g_real_alloc_state, __ATOMIC_ACQUIRE) == kResolved))
    return &g_real_alloc;
  int expected = kUnresolved;
  if (!__atomic_compare_exchange_n(&g_real_alloc_state, &expected, kResolving, false,
                                   __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE))
    return expected == kResolved ? &g_real_alloc : nullptr;
  RealAllocator r;
  ResolveAlloc(&r.malloc, "malloc", __libc_malloc);
  ResolveAlloc(&r.calloc, "calloc", __libc_calloc);
  ResolveAlloc(&r.realloc, "realloc", __libc_realloc);
  ResolveAlloc(&r.free, "free", __libc_free);
  ResolveAlloc(&r.memalign, "memalign", __libc_memalign);
  ResolveAlloc(&r.valloc, "valloc", __libc_valloc);
  ResolveAlloc(&r.pvalloc, "pvalloc", __libc_pvalloc);
  g_real_alloc = r;
  __atomic_store_n(&g_real_alloc_state, kResolved, __ATOMIC_RELEASE);
  return &g_real_alloc;
}

void *RealMalloc(size_t size) {
  const RealAllocator *r = Real();
  return r ? r->malloc(size) : BootstrapAlloc(size, 16);
}
void *RealCalloc(size_t count, size_t size) {  // the product does not overflow
  const RealAllocator *r = Real();
  return r ? r->calloc(count, size) : BootstrapAlloc(count * size, 16);
}
void *RealMemalign(size_t alignment, size_t size) {
  const RealAllocator *r = Real();
  return r ? r->memalign(alignment, size) : BootstrapAlloc(size, alignment);
}
void RealFree(void *p) {
  if (FromBootstrap(p)) return;
  const RealAllocator *r = Real();
  if (r) r->free(p);
  else __libc_free(p);
}

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
  ShadowPreferHugePages(uptr(p), size);
  HeapBlockAllocated(ts, uptr(p), size);
  return p;
}

void OnFree(void *p) {
  ThreadState *ts = Tracking();
  if (!ts) return;
  // Before the memory can get a new owner, whose accesses a late re-scan would take for
  // this thread's (access.h).
  RecheckUnfenced(ts);
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

RL_WEAK_EXPORT void *malloc(size_t size) { return OnAllocated(RealMalloc(size), size); }

RL_WEAK_EXPORT void *calloc(size_t count, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total)) {
    errno = ENOMEM;
    return nullptr;
  }
  return OnAllocated(RealCalloc(count, size), total);
}

RL_WEAK_EXPORT void free(void *p) {
  if (!p) return;
  if (FromBootstrap(p)) return;
  OnFree(p);
  RealFree(p);
}

RL_WEAK_EXPORT void cfree(void *p) { free(p); }

RL_WEAK_EXPORT void *realloc(void *p, size_t size) {
  if (!p) return malloc(size);
  if (size == 0) {
    free(p);
    return nullptr;
  }
  if (FromBootstrap(p)) {  // out of the bootstrap arena into the real allocator
    void *q = malloc(size);
    size_t old = BootstrapSize(p);
    if (q) memcpy(q, p, old < size ? old : size);
    return q;
  }
  // The old block is read (copied) and freed, the new one written: model it as exactly that.
  ThreadState *ts = Tracking();
  u64 old_size = 0;
  if (ts) {
    ScopedIgnore ignore(ts);
    HeapBlockFreed(uptr(p), &old_size);
  }
  const RealAllocator *real = Real();
  void *q = real ? real->realloc(p, size) : __libc_realloc(p, size);
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
        ShadowPreferHugePages(uptr(q), size);
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

RL_WEAK_EXPORT void *reallocarray(void *p, size_t count, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total)) {
    errno = ENOMEM;
    return nullptr;
  }
  return realloc(p, total);
}

RL_WEAK_EXPORT void *memalign(size_t alignment, size_t size) {
  return OnAllocated(RealMemalign(alignment, size), size);
}

RL_WEAK_EXPORT void *aligned_alloc(size_t alignment, size_t size) {
  return OnAllocated(RealMemalign(alignment, size), size);
}

RL_WEAK_EXPORT int posix_memalign(void **out, size_t alignment, size_t size) {
  if (alignment < sizeof(void *) || (alignment & (alignment - 1))) return EINVAL;
  void *p = RealMemalign(alignment, size);
  if (!p) return ENOMEM;
  *out = OnAllocated(p, size);
  return 0;
}

RL_WEAK_EXPORT void *valloc(size_t size) {
  const RealAllocator *r = Real();
  return OnAllocated(r ? r->valloc(size) : BootstrapAlloc(size, 4096), size);
}
RL_WEAK_EXPORT void *pvalloc(size_t size) {
  const RealAllocator *r = Real();
  size_t rounded = (size + 4095) & ~size_t(4095);
  return OnAllocated(r ? r->pvalloc(size) : BootstrapAlloc(rounded ? rounded : 4096, 4096), size);
}

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
    // Anonymous memory the program may write densely (not a reservation, not a file).
    if ((flags & MAP_ANONYMOUS) && (prot & PROT_WRITE) && !(flags & MAP_NORESERVE))
      ShadowPreferHugePages(uptr(p), length);
  }
  return p;
}

RL_EXPORT void *mmap64(void *addr, size_t length, int prot, int flags, int fd, off_t offset) {
  return mmap(addr, length, prot, flags, fd, offset);
}

RL_EXPORT int munmap(void *addr, size_t length) {
  if (RuntimeInitialized() && tls_thread) RecheckUnfenced(tls_thread);  // as OnFree
  long rc = syscall(SYS_munmap, addr, length);
  if (rc == 0 && RuntimeInitialized()) {
    ResetShadowRange(uptr(addr), length);
    DestroySyncVarsInRange(uptr(addr), length);
  }
  return rc == 0 ? 0 : -1;
}
