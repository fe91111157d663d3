// Locks (tutorial port): "release unlocked lock". A worker takes and releases the lock (the
// tutorial's lock_hogger with no sleep); after joining it, main releases the lock again,
// although nobody holds it. Racelight must report mutex-misuse unlock-unlocked at main's
// unlock (there is no owner, so no second event). The mutex is error-checking, so the C
// library refuses the unlock with EPERM and the program stays well-defined.
// RACELIGHT-EXPECT: mutex-misuse subkind=unlock-unlocked lines=@UNLOCK
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t lock;
int hogged;

static void *lock_hogger(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  hogged = 1;
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&lock, &attr);
  pthread_t t;
  pthread_create(&t, NULL, lock_hogger, NULL);
  pthread_join(t, NULL);
  int rc = pthread_mutex_unlock(&lock); // @UNLOCK
  printf("release unlocked lock: %s\n", rc == EPERM ? "EPERM" : "accepted");
  pthread_mutex_destroy(&lock);
  pthread_mutexattr_destroy(&attr);
  return hogged == 1 && rc == EPERM ? 0 : 1;
}
