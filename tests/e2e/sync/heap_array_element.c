// Sync (racy): workers each own a disjoint range of a heap array, except that worker 1 also
// writes element 0, which belongs to worker 0: one race on the heap block, between those two
// writes.
// RACELIGHT-EXPECT: data-race lines=@OWN,@STRAY vartype=heap
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define N 64
long *array;

static void *worker0(void *arg) {
  (void)arg;
  for (int i = 0; i < N / 2; ++i) {
    array[i] = i; // @OWN
  }
  return NULL;
}

static void *worker1(void *arg) {
  (void)arg;
  for (int i = N / 2; i < N; ++i) array[i] = i;
  array[0] = -1; // @STRAY
  return NULL;
}

int main(void) {
  array = calloc(N, sizeof(long));
  pthread_t a, b;
  pthread_create(&a, NULL, worker0, NULL);
  pthread_create(&b, NULL, worker1, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("array[0] = %ld\n", array[0]);
  free(array);
  return 0;
}
