// Sync (clean): a thread joined by another thread, not by its creator. T1 writes data; T2
// (created by main, given T1's handle) joins T1, reads and rewrites the data; main joins T2
// and reads. The join edges order everything.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

long data[8];
pthread_t t1;

static void *first(void *arg) {
  (void)arg;
  for (int i = 0; i < 8; ++i) data[i] = i;
  return NULL;
}

static void *second(void *arg) {
  (void)arg;
  pthread_join(t1, NULL);
  for (int i = 0; i < 8; ++i) data[i] *= 10;
  return NULL;
}

int main(void) {
  pthread_t t2;
  pthread_create(&t1, NULL, first, NULL);
  pthread_create(&t2, NULL, second, NULL);
  pthread_join(t2, NULL);
  long sum = 0;
  for (int i = 0; i < 8; ++i) sum += data[i];
  printf("sum = %ld\n", sum);
  return sum == 280 ? 0 : 1;
}
