// Fd (clean): in three rounds, four threads each fill a slot and hand it to the main thread
// over a pipe of their own; the main thread reads the slot after the pipe, joins, closes
// every descriptor and makes new pipes, which reuse the numbers (a new descriptor with an old
// number is a new variable: no use of the old one races with it).
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int pipes[4][2];
static int slots[4];

static void *filler(void *arg) {
  long i = (long)arg;
  slots[i] = (int)i + 10;
  if (write(pipes[i][1], "f", 1) != 1) return (void *)1;
  return NULL;
}

int main(void) {
  int bad = 0;
  for (int round = 0; round < 3; ++round) {
    pthread_t t[4];
    for (long i = 0; i < 4; ++i) {
      if (pipe(pipes[i]) != 0) return 2;
      pthread_create(&t[i], NULL, filler, (void *)i);
    }
    for (int i = 0; i < 4; ++i) {
      char c;
      if (read(pipes[i][0], &c, 1) != 1) return 2;
      bad |= slots[i] != i + 10;
      slots[i] = 0;
    }
    for (int i = 0; i < 4; ++i) {
      void *r;
      pthread_join(t[i], &r);
      bad |= r != NULL;
      close(pipes[i][0]);
      close(pipes[i][1]);
    }
  }
  puts(bad ? "failed" : "ok");
  return bad;
}
