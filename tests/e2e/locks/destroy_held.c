// Locks: destroying a lock that is held. Main destroys a mutex it holds itself, and a mutex
// a worker holds. Racelight must report mutex-misuse destroy-locked for each, at the
// pthread_mutex_destroy call, with where the holder acquired the lock. (glibc refuses both
// destroys with EBUSY, so the program stays well-defined.)
// RACELIGHT-EXPECT: mutex-misuse subkind=destroy-locked lines=@DESTROY_OWN,@LOCK_OWN
// RACELIGHT-EXPECT: mutex-misuse subkind=destroy-locked lines=@DESTROY_OTHER,@LOCK_OTHER
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

pthread_mutex_t own, other;
atomic_int stage;  // relaxed handshake

static void *holder(void *arg) {
  (void)arg;
  pthread_mutex_lock(&other); // @LOCK_OTHER
  atomic_store_explicit(&stage, 1, memory_order_relaxed);
  while (atomic_load_explicit(&stage, memory_order_relaxed) < 2) {}
  pthread_mutex_unlock(&other);
  return NULL;
}

int main(void) {
  pthread_mutex_init(&own, NULL);
  pthread_mutex_init(&other, NULL);
  pthread_mutex_lock(&own); // @LOCK_OWN
  int rc_own = pthread_mutex_destroy(&own); // @DESTROY_OWN

  pthread_t t;
  pthread_create(&t, NULL, holder, NULL);
  while (atomic_load_explicit(&stage, memory_order_relaxed) < 1) {}
  int rc_other = pthread_mutex_destroy(&other); // @DESTROY_OTHER
  atomic_store_explicit(&stage, 2, memory_order_relaxed);
  pthread_join(t, NULL);
  printf("destroy: %d %d (EBUSY = %d)\n", rc_own, rc_other, EBUSY);
  return 0;
}
