// Core: rule (g), thread-local heap objects, leaves alone a block whose address escapes.
// `scratch` is malloc'ed, used and freed in one function without its address leaving it:
// its accesses are not instrumented (no other thread can reach it). The block handed to
// the worker through pthread_create escapes: its accesses are checked, and the race on it
// is found.
// RACELIGHT-EXPECT: data-race lines=@W,@M vartype=heap
#include <pthread.h>
#include <stdlib.h>

__attribute__((noinline)) int sum_of_squares(int n) {
  int *scratch = malloc(n * sizeof *scratch);
  if (!scratch)
    return -1;
  for (int i = 0; i < n; i++)
    scratch[i] = i * i;
  int s = 0;
  for (int i = 0; i < n; i++)
    s += scratch[i];
  free(scratch);
  return s;
}

static void *worker(void *arg) {
  int *shared = arg;
  shared[1] = sum_of_squares(10); // @W
  return 0;
}

int main(void) {
  int *shared = calloc(4, sizeof *shared);
  pthread_t t;
  pthread_create(&t, 0, worker, shared);
  shared[1] = sum_of_squares(4); // @M
  pthread_join(t, 0);
  int ok = shared[1] == 285 || shared[1] == 14;
  free(shared);
  return ok ? 0 : 1;
}
