// Core: a race on an element of a malloc'ed block. The parent initializes the block before
// creating the thread (ordered), then the thread writes element 3 while the parent reads it
// before joining. The report must describe the memory as heap.
// RACELIGHT-EXPECT: data-race lines=@W,@R vartype=heap
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

int *data;

static void *worker(void *arg) {
  (void)arg;
  data[3] = 7; // @W
  return NULL;
}

int main(void) {
  data = malloc(16 * sizeof(int));
  for (int i = 0; i < 16; ++i) data[i] = 0;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  int seen = data[3]; // @R
  pthread_join(t, NULL);
  printf("seen = %d\n", seen);
  free(data);
  return 0;
}
