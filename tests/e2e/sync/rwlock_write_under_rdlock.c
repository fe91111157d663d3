// Sync (racy): a thread writes shared data while holding only the READ side of a
// pthread_rwlock; another reader reads it under the read side too. Read locks do not exclude
// each other, so the write races with the read.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=stats
#include <pthread.h>
#include <stdio.h>

pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
struct { long hits; long misses; } stats;

static void *bad_writer(void *arg) {
  (void)arg;
  pthread_rwlock_rdlock(&lock);
  stats.hits = 10; // @W
  pthread_rwlock_unlock(&lock);
  return NULL;
}

static void *reader(void *arg) {
  long *out = arg;
  pthread_rwlock_rdlock(&lock);
  *out = stats.hits; // @R
  pthread_rwlock_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t w, r;
  long seen = 0;
  pthread_create(&w, NULL, bad_writer, NULL);
  pthread_create(&r, NULL, reader, &seen);
  pthread_join(w, NULL);
  pthread_join(r, NULL);
  printf("seen = %ld\n", seen);
  return 0;
}
