/* Uses libbump_alloc.so's malloc through Racelight's interceptors: the blocks must come from
   that allocator, and Racelight must still know them as heap blocks (the race names one). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bump_owns(const void *p);
unsigned long bump_calls(void);

static int *data;

static void *worker(void *arg) {
  data[3] = 7;
  return arg;
}

int main(void) {
  char *s = strdup("from libc");
  data = malloc(16 * sizeof(int));
  if (!bump_owns(data) || !bump_owns(s) || bump_calls() < 2) {
    fprintf(stderr, "the allocator library was bypassed\n");
    return 3;
  }
  memset(data, 0, 16 * sizeof(int));
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  int seen = data[3];
  pthread_join(t, NULL);
  printf("%s %d\n", s, seen);
  free(data);
  free(s);
  return 0;
}
