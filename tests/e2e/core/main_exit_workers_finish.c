// Core (clean): main calls pthread_exit while workers still run; nobody joins them. The
// process ends with status 0 when the last worker returns, as the native one does (glibc
// calls exit(0) then). Racelight's deadlock watcher used to keep the process alive for ever.
// RACELIGHT-EXPECT: none
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
long total;

static void *worker(void *arg) {
  for (int i = 0; i < 1000; i++) {
    pthread_mutex_lock(&lock);
    total += (long)arg;
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

int main(void) {
  pthread_t t[3];
  for (long i = 0; i < 3; i++) pthread_create(&t[i], NULL, worker, (void *)(i + 1));
  puts("main leaves");
  pthread_exit(NULL);
}
