// Sync (clean): pthread_barrier_wait separates phases. In each of 50 rounds every thread
// writes its own cell, waits at the barrier, reads its neighbour's cell, and waits again
// before the next round overwrites the cells.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

#define N 4

pthread_barrier_t barrier;
int cells[N];
long sums[N];

static void *worker(void *arg) {
  long id = (long)arg;
  for (int round = 0; round < 50; ++round) {
    cells[id] = round * 10 + (int)id;
    pthread_barrier_wait(&barrier);
    sums[id] += cells[(id + 1) % N];
    pthread_barrier_wait(&barrier);
  }
  return NULL;
}

int main(void) {
  pthread_t t[N];
  pthread_barrier_init(&barrier, NULL, N);
  for (long i = 0; i < N; ++i) pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < N; ++i) pthread_join(t[i], NULL);
  pthread_barrier_destroy(&barrier);
  printf("sums: %ld %ld %ld %ld\n", sums[0], sums[1], sums[2], sums[3]);
  return sums[0] == 12300 ? 0 : 1;
}
