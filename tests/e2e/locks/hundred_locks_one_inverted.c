// Locks: 200 mutexes held at once, nested. Thread 1 takes all of them in index order; then
// thread 2 takes lock 1, then lock 0, then locks 2..199 in order: every order agrees except
// the pair 0/1. Exactly one lock-order-inversion must be reported (0 -> 1 by thread 1,
// 1 -> 0 by thread 2), whatever the number of locks held.
// RACELIGHT-EXPECT: lock-order-inversion lines=@NESTED,@NESTED,@T2_1,@T2_0
#include <pthread.h>
#include <stdio.h>

#define N 200
pthread_mutex_t locks[N];
int counts[N];

static void *in_order(void *arg) {
  for (int i = 0; i < N; ++i) {
    pthread_mutex_lock(&locks[i]); // @NESTED
    counts[i]++;
  }
  for (int i = N - 1; i >= 0; --i) pthread_mutex_unlock(&locks[i]);
  return arg;
}

static void *first_pair_swapped(void *arg) {
  pthread_mutex_lock(&locks[1]); // @T2_1
  pthread_mutex_lock(&locks[0]); // @T2_0
  for (int i = 2; i < N; ++i) pthread_mutex_lock(&locks[i]);
  for (int i = 0; i < N; ++i) counts[i]++;
  for (int i = N - 1; i >= 0; --i) pthread_mutex_unlock(&locks[i]);
  return arg;
}

int main(void) {
  for (int i = 0; i < N; ++i) pthread_mutex_init(&locks[i], NULL);
  pthread_t t;
  pthread_create(&t, NULL, in_order, NULL);
  pthread_join(t, NULL);  // one after the other: nothing blocks
  pthread_create(&t, NULL, first_pair_swapped, NULL);
  pthread_join(t, NULL);
  int total = 0;
  for (int i = 0; i < N; ++i) total += counts[i];
  printf("total = %d\n", total);
  return total == 2 * N ? 0 : 1;
}
