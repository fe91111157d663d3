// Core: the racing write sits 60 calls deep, more than the 48 frames a report keeps. The
// stack must say that it was cut ("stack_truncated" in JSON, "... stack cut at 48 frames" in
// the text), not pass for a whole stack that happens to end there. The recursion goes through
// a volatile function pointer, so -O2 cannot turn it into a loop.
// RACELIGHT-EXPECT: data-race lines=@W,@W var=g vartype=global stack=@W,@R,@R min-frames=48
// RACELIGHT-OUTPUT: ... stack cut at 48 frames
#include <pthread.h>
#include <stdio.h>

int g;
int descend(int depth);
int (*volatile next_level)(int) = descend;

__attribute__((noinline)) int descend(int depth) {
  if (depth == 0) {
    g = depth; // @W
    return 1;
  }
  return next_level(depth - 1) + 1; // @R
}

static void *thread_main(void *arg) {
  long r = descend(60);
  return (void *)(r + (long)arg);
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, thread_main, (void *)1L);
  pthread_create(&b, NULL, thread_main, (void *)2L);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("g = %d\n", g);
  return 0;
}
