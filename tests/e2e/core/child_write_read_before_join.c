// Core: the child thread writes a global and the parent reads it BEFORE pthread_join. Nothing
// orders the two accesses (whichever runs first in time), so it is a race in every run.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=answer vartype=global
#include <pthread.h>
#include <stdio.h>

int answer;

static void *child(void *arg) {
  (void)arg;
  answer = 42; // @W
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, child, NULL);
  int seen = answer; // @R
  pthread_join(t, NULL);
  printf("seen = %d\n", seen);
  return 0;
}
