// Sync (racy): a 4-byte write at byte offset 2 of an 8-byte word (unaligned, via memcpy of a
// constant size, which becomes a plain 4-byte store) races with an 8-byte read of the word
// in another function and thread.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=word
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

uint64_t word;

static void *patch(void *arg) {
  uint32_t v = (uint32_t)(uintptr_t)arg;
  memcpy((char *)&word + 2, &v, sizeof v); // @W
  return NULL;
}

static uint64_t snapshot(void) {
  return word; // @R
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, patch, (void *)0x12345678);
  uint64_t s = snapshot();
  pthread_join(t, NULL);
  printf("%llx\n", (unsigned long long)s);
  return 0;
}
