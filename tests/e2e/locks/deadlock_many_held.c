// Locks: a real ABBA deadlock between threads that already hold ten other locks each. The
// report must still show, for each thread, the lock of the cycle it holds (where it took
// it) and the one it waits for, whatever else it holds: no limit on locks held at once.
// RACELIGHT-EXPECT: deadlock subkind=cycle lines=@T1_A,@T1_B,@T2_B,@T2_A
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>

#define POOL 10
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t pool[2][POOL];
pthread_barrier_t both_hold_one;

static void take_pool(int which) {
  for (int i = 0; i < POOL; ++i) pthread_mutex_lock(&pool[which][i]);
}

static void *thread1(void *arg) {
  take_pool(0);
  pthread_mutex_lock(&a); // @T1_A
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&b); // @T1_B
  return arg;
}

static void *thread2(void *arg) {
  take_pool(1);
  pthread_mutex_lock(&b); // @T2_B
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&a); // @T2_A
  return arg;
}

int main(void) {
  for (int k = 0; k < 2; ++k)
    for (int i = 0; i < POOL; ++i) pthread_mutex_init(&pool[k][i], NULL);
  pthread_barrier_init(&both_hold_one, NULL, 2);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, thread1, NULL);
  pthread_create(&t2, NULL, thread2, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  puts("not reached: the threads deadlock");
  return 1;
}
