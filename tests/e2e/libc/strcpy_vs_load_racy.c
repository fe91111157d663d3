// Libc (racy): a thread copies a string into a shared buffer with strcpy while the main
// thread reads a byte of that buffer. strcpy writes the copied bytes at the call's line.
// RACELIGHT-EXPECT: data-race lines=@COPY,@LOAD var=dest vartype=global
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char dest[32];

static void *copier(void *arg) {
  strcpy(dest, (const char *)arg); // @COPY
  return NULL;
}

int main(void) {
  static char source[32] = "a string to copy";
  pthread_t t;
  pthread_create(&t, NULL, copier, source);
  char c = dest[2]; // @LOAD
  pthread_join(t, NULL);
  printf("%d %s\n", c, dest);
  return 0;
}
