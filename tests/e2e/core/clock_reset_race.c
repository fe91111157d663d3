// Core: thread clocks that run out (runtime/clock_reset.h). With clock_limit=3 and
// slot_switching=0, every third release of a thread resets the shadow and starts all
// clocks again: thousands of resets in this run. The counter protected by the mutex must
// not be reported (a reset forgets the old era's ordering only together with its cells),
// and the unprotected counter must still be found: both threads update it between the same
// two resets many times.
// RACELIGHT-OPTIONS: clock_limit=3 slot_switching=0
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
