// Core: more readers than shadow cells, then an unordered writer. main fills the table,
// then six threads read it many times (ordered after main's write by their creation), so
// every granule needs more cells than it has and reads must evict: with the initializing
// write kept, the readers evicted each other's reads on every pass (matmul ran 2.5x slower
// than under TSan); now a read evicts the write it is ordered after. A writer that nobody
// is ordered with (it waits on a relaxed counter) then overwrites the table: it races with
// the reads, which must still be found. The writer waits until main has joined the
// readers, so the report also shows that a joined thread keeps its creation stack.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=table created=@CW,@CR
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#define N 64
#define READERS 6
static long table[N];
static atomic_int readers_joined;

// Out of line so that at -O2 the read keeps its own line (not merged into a vector loop).
__attribute__((noinline)) static long read_entry(int i) {
  return table[i]; // @R
}

static void *reader(void *arg) {
  (void)arg;
  long sum = 0;
  for (int pass = 0; pass < 200; ++pass)
    for (int i = 0; i < N; ++i) sum += read_entry(i);
  return (void *)sum;
}

static void *writer(void *arg) {
  (void)arg;
  while (atomic_load_explicit(&readers_joined, memory_order_relaxed) == 0) {
  }
  for (int i = 0; i < N; ++i) table[i] = -i; // @W
  return NULL;
}

int main(void) {
  for (int i = 0; i < N; ++i) table[i] = i;
  pthread_t w, r[READERS];
  pthread_create(&w, NULL, writer, NULL); // @CW
  for (int t = 0; t < READERS; ++t) pthread_create(&r[t], NULL, reader, NULL); // @CR
  long total = 0;
  for (int t = 0; t < READERS; ++t) {
    void *sum;
    pthread_join(r[t], &sum);
    total += (long)sum;
  }
  atomic_store_explicit(&readers_joined, 1, memory_order_relaxed);  // orders nothing
  pthread_join(w, NULL);
  printf("total %ld\n", total);
  return 0;
}
