// Locks: a reader/writer unlock without a matching lock. A worker holds the read lock; main,
// which took no read lock, calls pthread_rwlock_unlock, releasing a read share it does not
// have. Racelight must report mutex-misuse unbalanced-unlock at that unlock. (Main then takes
// a read lock to give the share back, so the C library's count stays consistent, and keeps
// it until it exits.)
// RACELIGHT-EXPECT: mutex-misuse subkind=unbalanced-unlock lines=@EXTRA
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
atomic_int stage;  // relaxed handshake

static void *reader(void *arg) {
  (void)arg;
  pthread_rwlock_rdlock(&lock);
  atomic_store_explicit(&stage, 1, memory_order_relaxed);
  while (atomic_load_explicit(&stage, memory_order_relaxed) < 2) {}
  pthread_rwlock_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  while (atomic_load_explicit(&stage, memory_order_relaxed) < 1) {}
  pthread_rwlock_unlock(&lock); // @EXTRA
  pthread_rwlock_rdlock(&lock);
  atomic_store_explicit(&stage, 2, memory_order_relaxed);
  pthread_join(t, NULL);
  puts("done");
  return 0;
}
