// Libc (racy): a thread formats into a shared buffer with snprintf while the main thread
// reads it: snprintf writes the characters it stores.
// RACELIGHT-EXPECT: data-race lines=@FMT,@LOAD var=line vartype=global
#include <pthread.h>
#include <stdio.h>

char line[64];

static void *formatter(void *arg) {
  snprintf(line, sizeof line, "answer=%d (%s)", 42, (const char *)arg); // @FMT
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, formatter, "ok");
  char c = line[1]; // @LOAD
  pthread_join(t, NULL);
  printf("%d %s\n", c, line);
  return 0;
}
