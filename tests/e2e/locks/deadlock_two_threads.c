// Locks: a real ABBA deadlock. Thread 1 takes A then B, thread 2 takes B then A; a barrier
// between the two acquisitions makes both hold their first lock before asking for the
// second, so the deadlock always forms. Racelight must report one deadlock (cycle) naming
// both threads, the lock each waits for and the lock each holds, with the four acquisition
// sites, then end the process with status 66 instead of hanging.
// RACELIGHT-EXPECT: deadlock subkind=cycle lines=@T1_A,@T1_B,@T2_B,@T2_A
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold_one;

static void *thread1(void *arg) {
  pthread_mutex_lock(&a); // @T1_A
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&b); // @T1_B
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return arg;
}

static void *thread2(void *arg) {
  pthread_mutex_lock(&b); // @T2_B
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&a); // @T2_A
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return arg;
}

int main(void) {
  pthread_barrier_init(&both_hold_one, NULL, 2);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, thread1, NULL);
  pthread_create(&t2, NULL, thread2, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  puts("not reached: the threads deadlock");
  return 1;
}
