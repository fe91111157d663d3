// Locks (tutorial port): releasing a lock another thread holds. The worker (the tutorial's
// lock_hogger) takes the lock and keeps it; meanwhile main releases it. A plain mutex has no
// owner check, so the C library lets main unlock it; Racelight must report mutex-misuse
// unlock-foreign at main's unlock, with where the worker acquired the lock.
// RACELIGHT-EXPECT: mutex-misuse subkind=unlock-foreign lines=@FOREIGN,@HOG
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
atomic_int stage;  // relaxed handshake

static void *lock_hogger(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock); // @HOG
  atomic_store_explicit(&stage, 1, memory_order_relaxed);
  while (atomic_load_explicit(&stage, memory_order_relaxed) < 2) {}  // "sleeping"
  pthread_mutex_unlock(&lock);  // the worker's own release
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, lock_hogger, NULL);
  while (atomic_load_explicit(&stage, memory_order_relaxed) < 1) {}
  puts("Releasing lock in MainThread...");
  pthread_mutex_unlock(&lock); // @FOREIGN
  atomic_store_explicit(&stage, 2, memory_order_relaxed);
  pthread_join(t, NULL);
  return 0;
}
