// Locks: a real ABBA deadlock on two mutexes in malloc'd memory. Thread 1 first abandons a
// locked heap mutex (frees its block while holding it), then gets the same block back for A
// and initializes it: A is a new, unlocked mutex. Thread 1 takes A then B, thread 2 takes B
// then A; a barrier makes both hold their first lock before asking for the second. Heap
// mutexes are locks like any other: one deadlock (cycle) with the four sites, then exit 66,
// instead of hanging or a false deadlock/self on A.
// RACELIGHT-EXPECT: deadlock subkind=cycle lines=@T1_A,@T1_B,@T2_B,@T2_A
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

pthread_mutex_t *a, *b;
pthread_barrier_t both_hold_one;

static void *thread1(void *arg) {
  pthread_mutex_t *old = malloc(sizeof *old);
  pthread_mutex_init(old, NULL);
  pthread_mutex_lock(old);
  free(old);  // still locked
  a = malloc(sizeof *a);
  pthread_mutex_init(a, NULL);
  printf("block %s\n", a == old ? "reused" : "not reused");
  fflush(stdout);
  pthread_mutex_lock(a); // @T1_A
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(b); // @T1_B
  pthread_mutex_unlock(b);
  pthread_mutex_unlock(a);
  return arg;
}

static void *thread2(void *arg) {
  pthread_mutex_lock(b); // @T2_B
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(a); // @T2_A
  pthread_mutex_unlock(a);
  pthread_mutex_unlock(b);
  return arg;
}

int main(void) {
  b = malloc(sizeof *b);
  pthread_mutex_init(b, NULL);
  pthread_barrier_init(&both_hold_one, NULL, 2);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, thread1, NULL);
  pthread_create(&t2, NULL, thread2, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  puts("not reached: the threads deadlock");
  return 1;
}
