// Core: RACELIGHT_OPTIONS=exitcode=0 keeps the program's own exit status (0 here) although
// a race was reported; the report is still written.
// RACELIGHT-OPTIONS: exitcode=0
// RACELIGHT-EXPECT: exit=0
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
