// Core: an unaligned 4-byte write (bytes 6..9 of a 16-byte buffer, straddling two 8-byte
// granules) races with a 1-byte read of byte 9, in the second granule. Another thread writes
// bytes 5 and 10, next to the unaligned field but not overlapping it: no race there.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=buf
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

struct __attribute__((packed)) record {
  char pad[6];
  uint32_t value;
};

union {
  struct record rec;
  unsigned char bytes[16];
} buf __attribute__((aligned(8)));

static void *writer(void *arg) {
  (void)arg;
  buf.rec.value = 0x01020304; // @W
  return NULL;
}

static void *neighbour(void *arg) {
  (void)arg;
  buf.bytes[5] = 0xaa;
  buf.bytes[10] = 0xbb;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, writer, NULL);
  pthread_create(&b, NULL, neighbour, NULL);
  unsigned char seen = buf.bytes[9]; // @R
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("seen = %u\n", seen);
  return 0;
}
