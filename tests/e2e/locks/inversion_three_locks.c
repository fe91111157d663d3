// Locks: a lock-order cycle over three locks and three threads, run one after the other so
// nothing blocks: thread 1 takes A then B, thread 2 B then C, thread 3 C then A. Racelight
// must report exactly one lock-order-inversion with the three edges, each with its thread,
// where the first lock was held and where the second was acquired.
// RACELIGHT-EXPECT: lock-order-inversion lines=@FIRST,@FIRST,@FIRST,@SECOND,@SECOND,@SECOND
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t locks[3] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                            PTHREAD_MUTEX_INITIALIZER};
int values[3];

static void *take_pair(void *arg) {
  long i = (long)arg;  // thread i takes locks[i] then locks[(i + 1) % 3]
  pthread_mutex_lock(&locks[i]); // @FIRST
  pthread_mutex_lock(&locks[(i + 1) % 3]); // @SECOND
  values[i]++;
  values[(i + 1) % 3]++;
  pthread_mutex_unlock(&locks[(i + 1) % 3]);
  pthread_mutex_unlock(&locks[i]);
  return NULL;
}

int main(void) {
  for (long i = 0; i < 3; ++i) {
    pthread_t t;
    pthread_create(&t, NULL, take_pair, (void *)i);
    pthread_join(t, NULL);  // one at a time: the cycle never blocks
  }
  printf("%d %d %d\n", values[0], values[1], values[2]);
  return values[0] == 2 && values[1] == 2 && values[2] == 2 ? 0 : 1;
}
