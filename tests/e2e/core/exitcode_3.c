// Core: RACELIGHT_OPTIONS=exitcode=3 makes a process that reported exit with 3 (not 66).
// RACELIGHT-OPTIONS: exitcode=3
// RACELIGHT-EXPECT: exit=3
// RACELIGHT-EXPECT: data-race lines=@W,@R var=flag
#include <pthread.h>
#include <stdio.h>

int flag;

static void *worker(void *arg) {
  (void)arg;
  flag = 1; // @W
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  int seen = flag; // @R
  pthread_join(t, NULL);
  printf("seen = %d\n", seen);
  return 0;
}
