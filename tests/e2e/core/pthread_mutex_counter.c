// Core: the lost update fixed with a pthread mutex (statically initialized). No report.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

#define THREADS 100

long counter;
pthread_mutex_t counter_mutex = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; ++i) {
    pthread_mutex_lock(&counter_mutex);
    counter += 1;
    pthread_mutex_unlock(&counter_mutex);
  }
  return NULL;
}

int main(void) {
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; ++i) pthread_create(&threads[i], NULL, work, NULL);
  for (int i = 0; i < THREADS; ++i) pthread_join(threads[i], NULL);
  printf("counter = %ld\n", counter);
  return counter == THREADS * 1000 ? 0 : 1;
}
