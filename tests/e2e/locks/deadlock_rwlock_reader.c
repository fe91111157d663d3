// Locks: a real deadlock through the read side of a pthread_rwlock_t. The reader holds R for
// reading and waits for mutex M; the writer holds M and waits for R for writing, which waits
// for the reader to leave. A barrier makes both hold their first lock before asking for the
// second, so the deadlock always forms. Racelight must report one deadlock (cycle) with
// both threads, what each holds and waits for, and the four sites, then end with 66.
// RACELIGHT-EXPECT: deadlock subkind=cycle lines=@R_READ,@R_WANTS_M,@W_M,@W_WANTS_R
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>

pthread_rwlock_t r = PTHREAD_RWLOCK_INITIALIZER;
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold_one;

static void *reader(void *arg) {
  pthread_rwlock_rdlock(&r); // @R_READ
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&m); // @R_WANTS_M
  pthread_mutex_unlock(&m);
  pthread_rwlock_unlock(&r);
  return arg;
}

static void *writer(void *arg) {
  pthread_mutex_lock(&m); // @W_M
  pthread_barrier_wait(&both_hold_one);
  pthread_rwlock_wrlock(&r); // @W_WANTS_R
  pthread_rwlock_unlock(&r);
  pthread_mutex_unlock(&m);
  return arg;
}

int main(void) {
  pthread_barrier_init(&both_hold_one, NULL, 2);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, reader, NULL);
  pthread_create(&t2, NULL, writer, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  puts("not reached: the threads deadlock");
  return 1;
}
