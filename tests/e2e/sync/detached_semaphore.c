// Sync (clean): detached threads report back through a semaphore. Each of 64 detached
// threads writes its result slot and then posts; main waits 64 times and reads the results.
// The threads are never joined.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

#define N 64

sem_t finished;
long results[N];

static void *work(void *arg) {
  long id = (long)arg;
  results[id] = id * 2;
  sem_post(&finished);
  return NULL;
}

int main(void) {
  sem_init(&finished, 0, 0);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  for (long i = 0; i < N; ++i) {
    pthread_t t;
    pthread_create(&t, &attr, work, (void *)i);
  }
  for (int i = 0; i < N; ++i) sem_wait(&finished);
  long sum = 0;
  for (int i = 0; i < N; ++i) sum += results[i];
  printf("sum = %ld\n", sum);
  pthread_attr_destroy(&attr);
  return sum == N * (N - 1) ? 0 : 1;
}
