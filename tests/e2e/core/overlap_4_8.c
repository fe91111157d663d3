// Core: a 4-byte write to the upper half of an 8-byte word races with an 8-byte read of the
// whole word (the accesses overlap though their sizes and start addresses differ).
// RACELIGHT-EXPECT: data-race lines=@W,@R var=u vartype=global
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

union {
  uint64_t whole;
  uint32_t half[2];
} u;

static void *writer(void *arg) {
  (void)arg;
  u.half[1] = 5; // @W
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, writer, NULL);
  uint64_t seen = u.whole; // @R
  pthread_join(t, NULL);
  printf("seen = %llx\n", (unsigned long long)seen);
  return 0;
}
