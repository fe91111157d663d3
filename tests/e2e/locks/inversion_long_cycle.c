// Locks: a lock-order cycle over 16 locks, run by 16 threads one after the other (nothing
// blocks): thread i takes lock i, then lock (i + 1) % 16. Racelight must report exactly one
// lock-order-inversion with all 16 edges, each with where its first lock was held and where
// its second was acquired: every edge, however long the cycle.
// RACELIGHT-EXPECT: lock-order-inversion lines=@FIRST,@FIRST,@FIRST,@FIRST,@FIRST,@FIRST,@FIRST,@FIRST,@FIRST,@FIRST,@FIRST,@FIRST,@FIRST,@FIRST,@FIRST,@FIRST,@SECOND,@SECOND,@SECOND,@SECOND,@SECOND,@SECOND,@SECOND,@SECOND,@SECOND,@SECOND,@SECOND,@SECOND,@SECOND,@SECOND,@SECOND,@SECOND
#include <pthread.h>
#include <stdio.h>

#define N 16
pthread_mutex_t locks[N];
int values[N];

static void *take_pair(void *arg) {
  long i = (long)arg;
  pthread_mutex_lock(&locks[i]); // @FIRST
  pthread_mutex_lock(&locks[(i + 1) % N]); // @SECOND
  values[i]++;
  values[(i + 1) % N]++;
  pthread_mutex_unlock(&locks[(i + 1) % N]);
  pthread_mutex_unlock(&locks[i]);
  return NULL;
}

int main(void) {
  for (int i = 0; i < N; ++i) pthread_mutex_init(&locks[i], NULL);
  for (long i = 0; i < N; ++i) {
    pthread_t t;
    pthread_create(&t, NULL, take_pair, (void *)i);
    pthread_join(t, NULL);  // one at a time: the cycle never blocks
  }
  int total = 0;
  for (int i = 0; i < N; ++i) total += values[i];
  printf("total = %d\n", total);
  return total == 2 * N ? 0 : 1;
}
