// Fd (racy): the thread writes `shared`, then writes to pipe A; the main thread reads a byte
// from pipe B (which it filled itself) and reads `shared`. Data on one pipe orders nothing
// for the readers of another, so the two accesses race.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=shared vartype=global
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int a[2], b[2];
int shared;

static void *writer(void *arg) {
  shared = 42; // @W
  if (write(a[1], "a", 1) != 1) return (void *)1;
  return arg;
}

int main(void) {
  if (pipe(a) != 0 || pipe(b) != 0) return 2;
  if (write(b[1], "b", 1) != 1) return 2;
  pthread_t t;
  pthread_create(&t, NULL, writer, NULL);
  char c;
  if (read(b[0], &c, 1) != 1) return 2;
  int seen = shared; // @R
  pthread_join(t, NULL);
  if (read(a[0], &c, 1) != 1) return 2;
  printf("seen %d\n", seen);
  return 0;
}
