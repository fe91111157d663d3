// Fd (clean): the main thread fills a buffer, then writes a byte to a pipe; the reader thread
// reads that byte and only then reads the buffer. The write that the read returns orders
// the writer before the reader (the kernel hands the data over), so nothing races.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];
static int payload[64];

static void *reader(void *arg) {
  char c;
  if (read(fds[0], &c, 1) != 1) return (void *)1;
  long sum = 0;
  for (int i = 0; i < 64; ++i) sum += payload[i];
  return sum == 64 * 63 / 2 ? NULL : (void *)1;
}

int main(void) {
  if (pipe(fds) != 0) return 2;
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  for (int i = 0; i < 64; ++i) payload[i] = i;
  if (write(fds[1], "x", 1) != 1) return 2;
  void *bad;
  pthread_join(t, &bad);
  close(fds[0]);
  close(fds[1]);
  printf("handed over: %s\n", bad ? "no" : "yes");
  return bad != NULL;
}
