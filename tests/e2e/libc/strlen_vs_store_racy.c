// Libc (racy): a thread measures a string with strlen while the main thread stores into it.
// strlen reads every byte up to the NUL, so the store races with the strlen call.
// RACELIGHT-EXPECT: data-race lines=@LEN,@STORE var=name vartype=global
#include <pthread.h>
#include <stdio.h>
#include <string.h>

char name[32] = "racelight";

static void *measure(void *arg) {
  size_t n = strlen(name); // @LEN
  return (void *)n;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, measure, NULL);
  name[3] = 'E'; // @STORE
  void *n;
  pthread_join(t, &n);
  printf("%zu\n", (size_t)n);
  return 0;
}
