// Core (clean): the same buffer as memset_range_late_conflict.c, but the main thread joins the
// writer before its second memset: the writer's byte happens before it, and the granules of
// all 16 shadow pages, its own and the one the writer touched, are recorded without a report.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define N (1 << 20)
static char buffer[N];

static void *writer(void *arg) {
  (void)arg;
  buffer[N - N / 16 + 3] = 1;
  return NULL;
}

int main(void) {
  memset(buffer, 7, N);
  pthread_t t;
  pthread_create(&t, NULL, writer, NULL);
  pthread_join(t, NULL);
  memset(buffer, 0, N);
  memset(buffer, 1, N / 2);  // the same epoch again: every granule widens or is a hit
  printf("buffer[3] = %d, buffer[N - 1] = %d\n", buffer[3], buffer[N - 1]);
  return 0;
}
