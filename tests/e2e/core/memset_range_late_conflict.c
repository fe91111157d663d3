// Core (racy): a memset of a 1 MiB buffer that this thread wrote before (granules holding only
// its own cells: the range check's short case, one shadow section per shadow page) races
// with another thread's write of one byte in the 15th of its 16 shadow pages, published only
// through a relaxed flag (no happens-before). Every granule before that one takes the short
// case; the race must still be found, at the memset (access.cc, CheckRangeSlow).
// RACELIGHT-EXPECT: data-race lines=@CLEAR,@W var=buffer
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define N (1 << 20)
static char buffer[N];
static atomic_int written;

static void *writer(void *arg) {
  (void)arg;
  buffer[N - N / 16 + 3] = 1; // @W
  atomic_store_explicit(&written, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  memset(buffer, 7, N);  // the main thread's own cells, in its first epoch
  pthread_t t;
  pthread_create(&t, NULL, writer, NULL);  // a release: the next memset is a later epoch
  while (!atomic_load_explicit(&written, memory_order_relaxed)) {
  }
  memset(buffer, 0, N); // @CLEAR
  pthread_join(t, NULL);
  printf("buffer[3] = %d\n", buffer[3]);
  return 0;
}
