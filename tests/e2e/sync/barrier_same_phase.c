// Sync (racy): a barrier orders phases, not accesses within one phase. After the barrier,
// thread 0 writes the shared value while thread 1 reads it in the same phase.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=shared_value
#include <pthread.h>
#include <stdio.h>

pthread_barrier_t barrier;
int shared_value;
int results[2];

static void *worker(void *arg) {
  long id = (long)arg;
  results[id] = (int)id;
  pthread_barrier_wait(&barrier);
  if (id == 0) {
    shared_value = 5; // @W
  } else {
    results[1] = shared_value; // @R
  }
  return NULL;
}

int main(void) {
  pthread_barrier_init(&barrier, NULL, 2);
  pthread_t t[2];
  for (long i = 0; i < 2; ++i) pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < 2; ++i) pthread_join(t[i], NULL);
  pthread_barrier_destroy(&barrier);
  printf("%d %d\n", results[0], results[1]);
  return 0;
}
