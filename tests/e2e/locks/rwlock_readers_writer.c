// Locks (clean): pthread_rwlock_t used correctly. Three readers hold the read lock at the
// same time (they meet at a barrier inside the read section, which only works if the read
// side is really shared) and read a plain config; then a writer takes the write lock and
// updates it; then the readers read again. Shared holders must not be taken for a deadlock
// or a misuse, and the writer is ordered after the readers: nothing to report.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
pthread_barrier_t inside, phase;
struct { int version; int values[4]; } config = {1, {1, 2, 3, 4}};

static void *reader(void *arg) {
  long *sum = arg;
  pthread_rwlock_rdlock(&lock);
  pthread_barrier_wait(&inside);  // all three readers hold the read lock now
  for (int k = 0; k < 4; ++k) *sum += config.version * config.values[k];
  pthread_rwlock_unlock(&lock);
  pthread_barrier_wait(&phase);  // let the writer in
  pthread_barrier_wait(&phase);  // the writer is done
  pthread_rwlock_rdlock(&lock);
  for (int k = 0; k < 4; ++k) *sum += config.version * config.values[k];
  pthread_rwlock_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_barrier_init(&inside, NULL, 3);
  pthread_barrier_init(&phase, NULL, 4);
  pthread_t r[3];
  long sums[3] = {0};
  for (int i = 0; i < 3; ++i) pthread_create(&r[i], NULL, reader, &sums[i]);
  pthread_barrier_wait(&phase);
  pthread_rwlock_wrlock(&lock);
  config.version = 2;
  for (int k = 0; k < 4; ++k) config.values[k] *= 10;
  pthread_rwlock_unlock(&lock);
  pthread_barrier_wait(&phase);
  for (int i = 0; i < 3; ++i) pthread_join(r[i], NULL);
  pthread_rwlock_destroy(&lock);
  printf("sums %ld %ld %ld\n", sums[0], sums[1], sums[2]);
  return sums[0] == 10 + 2 * 100 && sums[1] == sums[0] && sums[2] == sums[0] ? 0 : 1;
}
