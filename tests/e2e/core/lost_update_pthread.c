// Core: the lost update in C with pthreads. 100 threads increment a global 1000 times each
// without a lock: exactly one data race at the increment, on 'counter', exit 66.
// RACELIGHT-EXPECT: data-race lines=@INC,@INC var=counter vartype=global
#include <pthread.h>
#include <stdio.h>

#define THREADS 100

long counter;

static void *work(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; ++i) {
    counter += 1; // @INC
  }
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; ++i) pthread_create(&threads[i], NULL, work, NULL);
  for (int i = 0; i < THREADS; ++i) pthread_join(threads[i], NULL);
  printf("counter = %ld (expected %d)\n", counter, THREADS * 1000);
  return 0;
}
