// Core: a 16-byte scalar store (__int128) races with a 1-byte read of its last byte: the
// shadow check must cover the second 8-byte granule of the access.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=wide vartype=global
#include <pthread.h>
#include <stdio.h>

union {
  unsigned __int128 value;
  unsigned char bytes[16];
} wide;

static void *writer(void *arg) {
  wide.value = (unsigned __int128)(long)arg << 64; // @W
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, writer, (void *)1L);
  unsigned char last = wide.bytes[15]; // @R
  pthread_join(t, NULL);
  printf("last = %u\n", last);
  return 0;
}
