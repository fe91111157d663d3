// Sync (clean): 20,000 short-lived threads, created and joined four at a time. Each writes
// the slot of its position in the batch (so slots are rewritten by threads of later batches,
// ordered by join and create) and adds to a mutex-protected total. Exercises thread
// bookkeeping, stack and TLS reuse, and the cost of thread creation.
// RACELIGHT-TIMEOUT: 60
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

#define TOTAL 20000
#define BATCH 4

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
long total;
long slots[BATCH];

static void *work(void *arg) {
  long id = (long)arg;
  slots[id % BATCH] = id;
  pthread_mutex_lock(&m);
  total += 1;
  pthread_mutex_unlock(&m);
  return NULL;
}

int main(void) {
  long check = 0;
  for (long base = 0; base < TOTAL; base += BATCH) {
    pthread_t t[BATCH];
    for (long i = 0; i < BATCH; ++i) pthread_create(&t[i], NULL, work, (void *)(base + i));
    for (int i = 0; i < BATCH; ++i) pthread_join(t[i], NULL);
    for (int i = 0; i < BATCH; ++i) check += slots[i];
  }
  printf("total = %ld, check = %ld\n", total, check);
  return total == TOTAL ? 0 : 1;
}
