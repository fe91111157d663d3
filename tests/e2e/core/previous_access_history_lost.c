// Core: the access history keeps a bounded number of accesses per thread (history_size, here
// its minimum, 1024). The writer writes `old`, then 4,096 scattered words, then `recent`;
// main reads both without synchronization. The race on `recent` names both lines; the race
// on `old` is still reported, but its previous access is older than the history keeps, so
// the report says its location is unknown (JSON "stack_unknown": true) instead of naming a
// wrong line. Main waits on a relaxed atomic, which orders nothing.
// RACELIGHT-OPTIONS: history_size=1024
// RACELIGHT-EXPECT: data-race lines=@RECENT,@READRECENT var=recent vartype=global
// RACELIGHT-EXPECT: data-race var=old vartype=global
// RACELIGHT-OUTPUT: (location unknown: older than the access history keeps; see history_size)
#include <pthread.h>
#include <stdatomic.h>

volatile int old, recent;
int filler[65536];
atomic_int written;

static void *writer(void *arg) {
  old = 1; // @OLD
  // Scattered, so that no two checks share a granule or merge into one history entry.
  for (unsigned i = 0; i < 4096; ++i) filler[(i * 2654435761u) % 65536] = (int)i;
  recent = 2; // @RECENT
  atomic_store_explicit(&written, 1, memory_order_relaxed);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  while (!atomic_load_explicit(&written, memory_order_relaxed)) {
  }
  int a = recent; // @READRECENT
  int b = old;    // @READOLD
  pthread_join(t, 0);
  return (a + b) * 0;
}
