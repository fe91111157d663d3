// Sync (clean): a start gate. Main writes the configuration, then sets `go` under the mutex
// and broadcasts; eight workers wait for `go` (pthread_cond_wait in a loop), then read the
// configuration without the lock and write their own result slot, read after the joins.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t gate = PTHREAD_COND_INITIALIZER;
int go;
int config[4];
long results[8];

static void *worker(void *arg) {
  long id = (long)arg;
  pthread_mutex_lock(&m);
  while (!go) pthread_cond_wait(&gate, &m);
  pthread_mutex_unlock(&m);
  results[id] = id * (config[0] + config[1] + config[2] + config[3]);
  return NULL;
}

int main(void) {
  pthread_t t[8];
  for (long i = 0; i < 8; ++i) pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < 4; ++i) config[i] = i + 1;
  pthread_mutex_lock(&m);
  go = 1;
  pthread_cond_broadcast(&gate);
  pthread_mutex_unlock(&m);
  long sum = 0;
  for (int i = 0; i < 8; ++i) {
    pthread_join(t[i], NULL);
    sum += results[i];
  }
  printf("sum = %ld\n", sum);
  return sum == 280 ? 0 : 1;
}
