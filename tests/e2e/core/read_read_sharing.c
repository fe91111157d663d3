// Core: a table written by main before the threads start is then only read, concurrently, by
// four threads. Concurrent reads never race: no report.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

int table[256];
long sums[4];

static void *reader(void *arg) {
  long i = (long)arg, sum = 0;
  for (int round = 0; round < 100; ++round)
    for (int k = 0; k < 256; ++k) sum += table[k];
  sums[i] = sum;
  return NULL;
}

int main(void) {
  for (int k = 0; k < 256; ++k) table[k] = k;
  pthread_t threads[4];
  for (long i = 0; i < 4; ++i) pthread_create(&threads[i], NULL, reader, (void *)i);
  for (int i = 0; i < 4; ++i) pthread_join(threads[i], NULL);
  printf("%ld %ld %ld %ld\n", sums[0], sums[1], sums[2], sums[3]);
  return 0;
}
