// Core: the program defines its own malloc, free, calloc and realloc (a bump allocator over a
// static arena). It must link (the runtime's allocator functions are weak, so the program's
// win), its own functions must be the ones called, also from libc (strdup), and a race on a
// block from its allocator is still reported. Memory of such an allocator is not a heap block
// Racelight knows, so the variable is the arena.
// (-fno-builtin: at -O2 clang otherwise assumes malloc never returns a global's address.)
// RACELIGHT-FLAGS: -fno-builtin
// RACELIGHT-EXPECT: data-race lines=@W,@R var=arena
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static _Alignas(16) char arena[1 << 20];
static unsigned long used, own_calls;

void *malloc(size_t n) {
  unsigned long size = (n + 31) & ~15ul, at = __atomic_fetch_add(&used, size, __ATOMIC_RELAXED);
  __atomic_fetch_add(&own_calls, 1, __ATOMIC_RELAXED);
  if (at + size > sizeof arena) return 0;
  *(unsigned long *)(arena + at) = n;  // the block's size, for realloc
  return arena + at + 16;
}
void free(void *p) { (void)p; }  // never reused (a pointer from elsewhere is ignored too)
void *calloc(size_t k, size_t n) { return malloc(k * n); }  // the arena starts zeroed
void *realloc(void *p, size_t n) {
  void *q = malloc(n);
  if (p && q) {
    unsigned long old = *(unsigned long *)((char *)p - 16);
    memcpy(q, p, old < n ? old : n);
  }
  return q;
}

int *data;
static void *worker(void *arg) {
  data[3] = 7; // @W
  return arg;
}

int main(void) {
  unsigned long before = own_calls;
  char *s = strdup("from libc");  // libc's strdup calls malloc: must be ours
  if (own_calls == before || (char *)s < arena || (char *)s >= arena + sizeof arena) return 3;
  data = malloc(16 * sizeof(int));
  for (int i = 0; i < 16; ++i) data[i] = 0;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  int seen = data[3]; // @R
  pthread_join(t, NULL);
  printf("%s %d\n", s, seen);
  free(data);
  free(s);
  return 0;
}
