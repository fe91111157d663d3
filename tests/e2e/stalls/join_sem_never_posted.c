// Stalls: main joins a worker that waits on a semaphore only main would post, after the
// join: main waits for the worker, the worker for main. Racelight must report a deadlock
// (stall) naming main's join and the worker's sem_wait, and exit 66 instead of hanging.
// RACELIGHT-EXPECT: deadlock subkind=stall lines=@JOIN,@SEM_WAIT
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

sem_t go;

static void *worker(void *arg) {
  sem_wait(&go); // @SEM_WAIT
  return arg;
}

int main(void) {
  sem_init(&go, 0, 0);
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_join(t, NULL); // @JOIN
  sem_post(&go);  // too late
  puts("not reached");
  return 1;
}
