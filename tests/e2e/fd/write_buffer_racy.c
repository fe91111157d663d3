// Fd (racy): a thread sends a buffer with write(2) while the main thread stores into it. The
// kernel reads the buffer for the write: a read of those bytes at the write call, which
// races with the store.
// RACELIGHT-EXPECT: data-race lines=@SEND,@STORE var=message vartype=global
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];
char message[32] = "hello through the pipe";

static void *sender(void *arg) {
  ssize_t n = write(fds[1], message, sizeof message); // @SEND
  return (void *)n;
}

int main(void) {
  if (pipe(fds) != 0) return 2;
  pthread_t t;
  pthread_create(&t, NULL, sender, NULL);
  message[4] = '!'; // @STORE
  pthread_join(t, NULL);
  char in[32];
  if (read(fds[0], in, sizeof in) != sizeof in) return 2;
  printf("%.5s\n", in);
  return 0;
}
