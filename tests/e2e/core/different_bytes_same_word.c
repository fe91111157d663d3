// Core: eight threads each write their own byte of one 8-byte aligned word, repeatedly. The
// bytes do not overlap, so there is no race (byte-precise shadow, no false sharing report);
// main reads the whole word after the joins.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

union word {
  uint64_t whole;
  unsigned char bytes[8];
};
_Alignas(8) union word shared;

static void *writer(void *arg) {
  long i = (long)arg;
  for (int n = 0; n < 1000; ++n) shared.bytes[i] = (unsigned char)(i + n);
  return NULL;
}

int main(void) {
  pthread_t threads[8];
  for (long i = 0; i < 8; ++i) pthread_create(&threads[i], NULL, writer, (void *)i);
  for (int i = 0; i < 8; ++i) pthread_join(threads[i], NULL);
  printf("word = %016llx\n", (unsigned long long)shared.whole);
  return 0;
}
