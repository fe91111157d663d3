// Sync (clean): pthread_rwlock_t. Readers (rdlock, and tryrdlock when it succeeds) read a
// plain record; a writer (wrlock) updates it; main reads after the joins.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
struct { int version; int values[8]; } record;

static void *reader(void *arg) {
  long *sum = arg;
  for (int i = 0; i < 2000; ++i) {
    int got = (i % 3 == 0) ? pthread_rwlock_tryrdlock(&lock) == 0
                           : pthread_rwlock_rdlock(&lock) == 0;
    if (!got) continue;
    *sum += record.version + record.values[i % 8];
    pthread_rwlock_unlock(&lock);
  }
  return NULL;
}

static void *writer(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; ++i) {
    pthread_rwlock_wrlock(&lock);
    record.version++;
    for (int k = 0; k < 8; ++k) record.values[k] = i;
    pthread_rwlock_unlock(&lock);
  }
  return NULL;
}

int main(void) {
  pthread_t r[3], w;
  long sums[3] = {0};
  for (int i = 0; i < 3; ++i) pthread_create(&r[i], NULL, reader, &sums[i]);
  pthread_create(&w, NULL, writer, NULL);
  for (int i = 0; i < 3; ++i) pthread_join(r[i], NULL);
  pthread_join(w, NULL);
  printf("version = %d (%ld)\n", record.version, sums[0] + sums[1] + sums[2]);
  return record.version == 500 ? 0 : 1;
}
