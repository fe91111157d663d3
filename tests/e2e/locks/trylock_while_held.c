// Locks (tutorial port): acquire(blocking=False) and acquire(timeout=...) while another
// thread holds the lock. The holder writes `shared` under the lock and keeps the lock until
// main has tried; main's pthread_mutex_trylock fails (EBUSY) and its pthread_mutex_timedlock
// times out, and neither is synchronization, so main's write to `shared` races with the
// holder's. Later, after the holder released, main's trylock succeeds and orders main after
// everything the holder did under the lock: its read of `later` is not a race.
// RACELIGHT-EXPECT: data-race lines=@HOLDER_W,@MAIN_W var=shared vartype=global
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
int shared, later;
atomic_int stage;  // relaxed handshake only: orders nothing for Racelight

static void wait_stage(int s) {
  while (atomic_load_explicit(&stage, memory_order_relaxed) < s) {}
}

static void *holder(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  shared = 1; // @HOLDER_W
  atomic_store_explicit(&stage, 1, memory_order_relaxed);
  wait_stage(2);  // keep the lock until main has tried
  later = 7;
  pthread_mutex_unlock(&lock);
  atomic_store_explicit(&stage, 3, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, holder, NULL);
  wait_stage(1);
  int busy = pthread_mutex_trylock(&lock);
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_nsec += 20 * 1000 * 1000;
  if (deadline.tv_nsec >= 1000000000) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000; }
  int timed = pthread_mutex_timedlock(&lock, &deadline);
  shared = 2; // @MAIN_W
  atomic_store_explicit(&stage, 2, memory_order_relaxed);
  wait_stage(3);
  int got = pthread_mutex_trylock(&lock);  // the holder released: succeeds, and orders
  int seen = later;
  if (got == 0) pthread_mutex_unlock(&lock);
  pthread_join(t, NULL);
  printf("trylock %d, timedlock %d, later trylock %d, later = %d\n", busy, timed, got, seen);
  return busy == EBUSY && timed == ETIMEDOUT && got == 0 && seen == 7 ? 0 : 1;
}
