// Sync (clean): realloc in another thread. Main fills a block and passes it at thread
// creation; the worker grows it with realloc (moving it), writes the new part and publishes
// the new pointer under a mutex; main reads everything after taking the mutex. Then main
// shrinks it with realloc and frees it.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
int *published;

static void *grow(void *arg) {
  int *p = realloc(arg, 4000 * sizeof(int));
  for (int i = 100; i < 4000; ++i) p[i] = i;
  pthread_mutex_lock(&m);
  published = p;
  pthread_mutex_unlock(&m);
  return NULL;
}

int main(void) {
  int *p = malloc(100 * sizeof(int));
  for (int i = 0; i < 100; ++i) p[i] = i;
  pthread_t t;
  pthread_create(&t, NULL, grow, p);
  int *q = NULL;
  while (!q) {
    pthread_mutex_lock(&m);
    q = published;
    pthread_mutex_unlock(&m);
    if (!q) sched_yield();
  }
  long sum = 0;
  for (int i = 0; i < 4000; ++i) sum += q[i];
  q = realloc(q, 10 * sizeof(int));
  q[9] = 0;
  free(q);
  pthread_join(t, NULL);
  printf("sum = %ld\n", sum);
  return sum == 7998000 ? 0 : 1;
}
