// Stalls: a barrier for three threads that only two ever reach: both wait for ever.
// Racelight must report a deadlock (stall) naming both barrier waits, and exit 66.
// RACELIGHT-EXPECT: deadlock subkind=stall lines=@MAIN_BARRIER,@WORKER_BARRIER
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>

pthread_barrier_t barrier;

static void *worker(void *arg) {
  pthread_barrier_wait(&barrier); // @WORKER_BARRIER
  return arg;
}

int main(void) {
  pthread_barrier_init(&barrier, NULL, 3);
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_barrier_wait(&barrier); // @MAIN_BARRIER
  pthread_join(t, NULL);
  puts("not reached");
  return 1;
}
