#include "worker.h"

#include <pthread.h>

long g_total;

static void *work(void *arg) {
  for (int i = 0; i < 1000; ++i)
    g_total += 1; /* the race: line 9 */
  return arg;
}

void run_workers(int n) {
  pthread_t threads[8];
  if (n > 8) n = 8;
  for (int i = 0; i < n; ++i) pthread_create(&threads[i], 0, work, 0);
  for (int i = 0; i < n; ++i) pthread_join(threads[i], 0);
}
