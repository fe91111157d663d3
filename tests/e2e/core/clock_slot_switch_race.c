// Core: thread clocks that run out (runtime/clock_reset.h), with slot switching. With
// clock_limit=3, a thread whose clock reaches 3 moves to another thread slot (its vector
// clock keeps the old slot's last entry), or resets the shadow when no slot is left:
// thousands of moves in this run. The counter protected by the mutex must not be reported
// (what a thread did in its older slots stays ordered through the clocks that carry them),
// and the unprotected counter must still be found.
// RACELIGHT-OPTIONS: clock_limit=3
// RACELIGHT-EXPECT: data-race lines=@RACY,@RACY var=racy vartype=global
// RACELIGHT-EXPECT: exit=66
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long guarded;
static long racy;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 5000; ++i) {
    pthread_mutex_lock(&mu);
    guarded += 1;
    pthread_mutex_unlock(&mu);
    racy += 1;  // @RACY
  }
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i) pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < 2; ++i) pthread_join(t[i], NULL);
  printf("guarded = %ld, racy = %ld\n", guarded, racy);
  return 0;
}
