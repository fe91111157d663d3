// Sync (clean): pthread_once. Eight threads call pthread_once on the same control; the one
// that runs the initializer fills a plain lookup table that all threads then read.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

pthread_once_t table_once = PTHREAD_ONCE_INIT;
int table[64];
int init_calls;
long sums[8];

static void init_table(void) {
  init_calls++;
  for (int i = 0; i < 64; ++i) table[i] = i * i;
}

static void *worker(void *arg) {
  long id = (long)arg, sum = 0;
  pthread_once(&table_once, init_table);
  for (int i = 0; i < 64; ++i) sum += table[i];
  sums[id] = sum;
  return NULL;
}

int main(void) {
  pthread_t t[8];
  for (long i = 0; i < 8; ++i) pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < 8; ++i) pthread_join(t[i], NULL);
  printf("init_calls = %d, sum = %ld\n", init_calls, sums[0]);
  return init_calls == 1 && sums[7] == 85344 ? 0 : 1;
}
