// Sync (racy): one thread clears a buffer with memset while another reads an element of it,
// unsynchronized. The race is reported at the memset line.
// RACELIGHT-EXPECT: data-race lines=@CLEAR,@R var=scratch
#include <pthread.h>
#include <stdio.h>
#include <string.h>

int scratch[100];

static void *clearer(void *arg) {
  (void)arg;
  memset(scratch, 0, sizeof scratch); // @CLEAR
  return NULL;
}

int main(void) {
  for (int i = 0; i < 100; ++i) scratch[i] = i;
  pthread_t t;
  pthread_create(&t, NULL, clearer, NULL);
  int v = scratch[57]; // @R
  pthread_join(t, NULL);
  printf("v = %d\n", v);
  return 0;
}
