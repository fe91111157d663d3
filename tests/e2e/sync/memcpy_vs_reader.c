// Sync (racy): one thread memcpy's a message into a shared buffer while another reads a byte
// of it, with no synchronization. The race is reported at the memcpy line.
// RACELIGHT-EXPECT: data-race lines=@COPY,@R var=buf vartype=global
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char buf[64];

static void *writer(void *arg) {
  const char *msg = arg;
  memcpy(buf, msg, 64); // @COPY
  return NULL;
}

int main(void) {
  static char msg[64] = "hello, world";
  pthread_t t;
  pthread_create(&t, NULL, writer, msg);
  char c = buf[10]; // @R
  pthread_join(t, NULL);
  printf("c = %d\n", c);
  return 0;
}
