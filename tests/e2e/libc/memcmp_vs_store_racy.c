// Libc (racy): a thread compares a key with memcmp while the main thread overwrites part of
// it. memcmp reads both ranges; the store races with it.
// RACELIGHT-EXPECT: data-race lines=@CMP,@STORE var=key vartype=global
#include <pthread.h>
#include <stdio.h>
#include <string.h>

unsigned char key[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static unsigned char expected[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

__attribute__((noinline)) int same(const void *a, const void *b, size_t n) {
  return memcmp(a, b, n) == 0; // @CMP
}

static void *checker(void *arg) { return (void *)(long)same(key, expected, sizeof key); }

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, checker, NULL);
  key[12] = 0; // @STORE
  void *r;
  pthread_join(t, &r);
  printf("%ld\n", (long)r);
  return 0;
}
