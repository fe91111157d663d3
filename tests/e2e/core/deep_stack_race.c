// Core: the racing write sits three calls deep (thread -> level1 -> level2 -> level3), and
// two threads run the same chain. The current access's stack must name every caller at the
// line of its call, innermost first. The functions are noinline and not in tail position so
// the chain exists at -O2 too.
// RACELIGHT-EXPECT: data-race lines=@W,@W var=g vartype=global stack=@W,@L2,@L1,@T min-frames=4
#include <pthread.h>
#include <stdio.h>

int g;

__attribute__((noinline)) int level3(int v) {
  g = v; // @W
  return v * 2;
}

__attribute__((noinline)) int level2(int v) {
  return level3(v + 1) + 1; // @L2
}

__attribute__((noinline)) int level1(int v) {
  return level2(v + 1) + 1; // @L1
}

static void *thread_main(void *arg) {
  long r = level1((int)(long)arg); // @T
  return (void *)r;
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
