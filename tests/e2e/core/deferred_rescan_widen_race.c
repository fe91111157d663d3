// Core (racy), with the experimental deferred re-scan on: the worker writes two fields of
// one 8-byte granule, so its second write only widens its own cell of the epoch (the
// publication whose re-scan is deferred). Main writes the second field with no
// synchronization: the race must be found with the deferred re-scan as without it.
// RACELIGHT-OPTIONS: deferred_rescan=1
// RACELIGHT-EXPECT: data-race lines=@B,@M var=pair vartype=global
#include <pthread.h>

struct Pair {
  int a, b;
} pair;

static void *worker(void *arg) {
  pair.a = 1;
  pair.b = 2; // @B
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  pair.b = 3; // @M
  pthread_join(t, 0);
  return pair.a == 1 ? 0 : 1;
}
