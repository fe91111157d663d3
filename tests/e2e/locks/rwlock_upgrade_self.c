// Locks: a thread holding the read side of a pthread_rwlock_t asks for the write side (an
// "upgrade"). The write lock waits for every reader to leave, including the thread itself,
// so it can never be granted: Racelight must report a self deadlock (where the read lock was
// taken, where the write lock is requested) before the thread blocks, and end with 66.
// RACELIGHT-EXPECT: deadlock subkind=self lines=@WRITE,@READ
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>

pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
int cache_version;

static void refresh_if_stale(void) {
  pthread_rwlock_rdlock(&lock); // @READ
  if (cache_version == 0) {
    pthread_rwlock_wrlock(&lock); // @WRITE
    cache_version = 1;
    pthread_rwlock_unlock(&lock);
  }
  pthread_rwlock_unlock(&lock);
}

int main(void) {
  refresh_if_stale();
  puts("not reached: the upgrade deadlocks");
  return 1;
}
