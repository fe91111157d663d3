// Fd (racy): a thread reads from a pipe into a buffer (the kernel writes the bytes it
// returns) while the main thread reads that buffer with nothing ordering the two.
// RACELIGHT-EXPECT: data-race lines=@RECV,@LOAD var=inbox vartype=global
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];
char inbox[16];

static void *receiver(void *arg) {
  ssize_t n = read(fds[0], inbox, 8); // @RECV
  return (void *)n;
}

int main(void) {
  if (pipe(fds) != 0 || write(fds[1], "12345678", 8) != 8) return 2;
  pthread_t t;
  pthread_create(&t, NULL, receiver, NULL);
  char c = inbox[3]; // @LOAD
  void *n;
  pthread_join(t, &n);
  printf("%d %ld\n", c, (long)n);
  return 0;
}
