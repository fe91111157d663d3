// Sync (racy): a thread fills a global array in a loop while main reads one element: one
// race, between the loop's store and main's load of element 7 (an array filled in a loop must
// not produce one report per element: only element 7 is shared).
// RACELIGHT-EXPECT: data-race lines=@FILL,@R var=samples
#include <pthread.h>
#include <stdio.h>

int samples[32];

static void *filler(void *arg) {
  (void)arg;
  for (int i = 0; i < 32; ++i) {
    samples[i] = i * i; // @FILL
  }
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, filler, NULL);
  int v = samples[7]; // @R
  pthread_join(t, NULL);
  printf("v = %d\n", v);
  return 0;
}
