// POSIX sync-object memory (clean): mutexes, condition variables, semaphores and barriers
// created, used by threads and destroyed in every correct order: destroyed after a join,
// destroyed by the waiter once the signaller's use is ordered before it (signal under the
// mutex, post before the wait returns, the barrier's serial thread), re-created in place.
// Init and destroy write the object, uses read it: nothing here may be reported.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>

struct completion {
  pthread_mutex_t m;
  pthread_cond_t c;
  int done;
  sem_t s;
};

static void *signaller(void *arg) {
  struct completion *k = arg;
  pthread_mutex_lock(&k->m);
  k->done = 1;
  pthread_cond_signal(&k->c);  // under the mutex: ordered before the waiter's destroy
  pthread_mutex_unlock(&k->m);
  sem_post(&k->s);  // read before the post's release: ordered before the waiter's destroy
  return 0;
}

pthread_barrier_t barrier;
static void *arrive(void *arg) {
  if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD) *(int *)arg = 1;
  return 0;
}

int main(void) {
  for (int round = 0; round < 3; ++round) {
    struct completion *k = malloc(sizeof *k);
    pthread_mutex_init(&k->m, 0);
    pthread_cond_init(&k->c, 0);
    sem_init(&k->s, 0, 0);
    k->done = 0;
    pthread_t t;
    pthread_create(&t, 0, signaller, k);
    pthread_mutex_lock(&k->m);
    while (!k->done) pthread_cond_wait(&k->c, &k->m);
    pthread_mutex_unlock(&k->m);
    sem_wait(&k->s);
    // The signaller may still be running (it has not been joined): everything it did to
    // these objects is ordered before this point.
    pthread_cond_destroy(&k->c);
    pthread_mutex_destroy(&k->m);
    sem_destroy(&k->s);
    pthread_join(t, 0);
    free(k);
  }
  int serial[2] = {0, 0};
  pthread_barrier_init(&barrier, 0, 2);
  pthread_t a, b;
  pthread_create(&a, 0, arrive, &serial[0]);
  pthread_create(&b, 0, arrive, &serial[1]);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_barrier_destroy(&barrier);
  pthread_barrier_init(&barrier, 0, 1);  // re-created in place
  pthread_barrier_wait(&barrier);
  pthread_barrier_destroy(&barrier);
  return serial[0] + serial[1] == 1 ? 0 : 1;
}
