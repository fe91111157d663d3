// Sync (racy): both threads increment an int through a pointer they were given (the same
// heap int): `(*p)++` races with itself.
// RACELIGHT-EXPECT: data-race lines=@INC,@INC vartype=heap
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *bump(void *arg) {
  int *p = arg;
  for (int i = 0; i < 1000; ++i) {
    (*p)++; // @INC
  }
  return NULL;
}

int main(void) {
  int *shared = malloc(sizeof *shared);
  *shared = 0;
  pthread_t a, b;
  pthread_create(&a, NULL, bump, shared);
  pthread_create(&b, NULL, bump, shared);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("shared = %d\n", *shared);
  free(shared);
  return 0;
}
