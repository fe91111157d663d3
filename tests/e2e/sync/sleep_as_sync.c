// Sync (racy): sleep used as synchronization. The worker writes the result; main sleeps 20 ms
// "to let it finish" and reads it. The sleep makes the read come later in time but creates
// no happens-before: a race in every run.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=result
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

int result;

static void *worker(void *arg) {
  (void)arg;
  result = 123; // @W
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  usleep(20000);
  printf("result = %d\n", result); // @R
  pthread_join(t, NULL);
  return 0;
}
