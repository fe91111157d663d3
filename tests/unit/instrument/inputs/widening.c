// The shape of tests/e2e/sync/cond_broadcast.c that made LLVM widen a load: after joining
// thread i, main reads results[i]. At -O2 the first read became a 16-byte vector load of
// results[0..1] (before thread 1 was joined), a race the source does not have.
#include <pthread.h>

long results[8];

static void *worker(void *arg) {
  long id = (long)arg;
  results[id] = id * 3;
  return 0;
}

int main(void) {
  pthread_t t[8];
  for (long i = 0; i < 8; ++i) pthread_create(&t[i], 0, worker, (void *)i);
  long sum = 0;
  for (int i = 0; i < 8; ++i) {
    pthread_join(t[i], 0);
    sum += results[i];
  }
  return sum == 84 ? 0 : 1;
}
