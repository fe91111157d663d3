// Locks (clean): no limit on locks held at once. One thread holds 200 mutexes at the same
// time, taken nested in index order, then releases them in reverse; a second thread then
// does the same in the same order, and a third takes every other lock, still in index
// order. All orders agree: no lock-order-inversion may be reported.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

#define N 200
pthread_mutex_t locks[N];
int counts[N];

static void *take_all(void *arg) {
  long step = (long)arg;
  for (int i = 0; i < N; i += step) {
    pthread_mutex_lock(&locks[i]);
    counts[i]++;
  }
  for (int i = (N - 1) / step * step; i >= 0; i -= step) pthread_mutex_unlock(&locks[i]);
  return NULL;
}

int main(void) {
  for (int i = 0; i < N; ++i) pthread_mutex_init(&locks[i], NULL);
  long steps[3] = {1, 1, 2};
  for (int k = 0; k < 3; ++k) {
    pthread_t t;
    pthread_create(&t, NULL, take_all, (void *)steps[k]);
    pthread_join(t, NULL);
  }
  int total = 0;
  for (int i = 0; i < N; ++i) total += counts[i];
  for (int i = 0; i < N; ++i) pthread_mutex_destroy(&locks[i]);
  printf("total = %d\n", total);
  return total == 2 * N + N / 2 ? 0 : 1;
}
