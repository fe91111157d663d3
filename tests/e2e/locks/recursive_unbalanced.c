// Locks: a recursive mutex unlocked more times than it was locked. Main locks it twice and
// unlocks it three times; the third unlock is unbalanced (glibc refuses it with EPERM).
// Racelight must report mutex-misuse unbalanced-unlock at the third unlock.
// RACELIGHT-EXPECT: mutex-misuse subkind=unbalanced-unlock lines=@EXTRA
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t lock;
int depth;

int main(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&lock, &attr);
  pthread_mutex_lock(&lock);
  pthread_mutex_lock(&lock);
  depth = 2;
  pthread_mutex_unlock(&lock);
  pthread_mutex_unlock(&lock);
  int rc = pthread_mutex_unlock(&lock); // @EXTRA
  printf("third unlock: %s\n", rc == EPERM ? "EPERM" : "accepted");
  pthread_mutex_destroy(&lock);
  pthread_mutexattr_destroy(&attr);
  return rc == EPERM && depth == 2 ? 0 : 1;
}
