/* A replacement allocator in a shared library, like libjemalloc.so or libtcmalloc.so: a bump
   allocator over a static arena that never reuses memory. Built without Racelight. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

static _Alignas(4096) char arena[64 << 20];
static size_t used;
static unsigned long calls;

static void *bump(size_t n, size_t align) {
  if (align < 16) align = 16;
  size_t old = __atomic_load_n(&used, __ATOMIC_RELAXED), start, end;
  do {
    start = (old + 16 + align - 1) & ~(align - 1);
    end = start + ((n + 15) & ~(size_t)15);
    if (end > sizeof arena) return 0;
  } while (!__atomic_compare_exchange_n(&used, &old, end, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
  __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
  ((size_t *)(arena + start))[-1] = n;
  return arena + start;
}

int bump_owns(const void *p) { return (const char *)p >= arena && (const char *)p < arena + sizeof arena; }
unsigned long bump_calls(void) { return __atomic_load_n(&calls, __ATOMIC_RELAXED); }

void *malloc(size_t n) { return bump(n, 16); }
void free(void *p) { (void)p; }
void *calloc(size_t k, size_t n) { return bump(k * n, 16); }
void *memalign(size_t a, size_t n) { return bump(n, a); }
void *aligned_alloc(size_t a, size_t n) { return bump(n, a); }
void *valloc(size_t n) { return bump(n, 4096); }
void *pvalloc(size_t n) { return bump((n + 4095) & ~(size_t)4095, 4096); }
int posix_memalign(void **out, size_t a, size_t n) {
  void *p = bump(n, a);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}
void *realloc(void *p, size_t n) {
  void *q = bump(n, 16);
  if (p && q && bump_owns(p)) {
    size_t old = ((size_t *)p)[-1];
    memcpy(q, p, old < n ? old : n);
  }
  return q;
}
