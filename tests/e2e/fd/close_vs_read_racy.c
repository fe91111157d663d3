// Fd (racy): a thread reads from a pipe; the main thread, after seeing a relaxed flag (which
// orders nothing), closes the descriptor the thread used. A close not ordered with a use of
// the descriptor in another thread is a data race on the descriptor itself.
// RACELIGHT-EXPECT: data-race lines=@READ,@CLOSE vartype=fd
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];
static atomic_int done;

static void *reader(void *arg) {
  char c;
  ssize_t n = read(fds[0], &c, 1); // @READ
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return (void *)n;
}

int main(void) {
  if (pipe(fds) != 0 || write(fds[1], "x", 1) != 1) return 2;
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) usleep(100);
  close(fds[0]); // @CLOSE
  pthread_join(t, NULL);
  close(fds[1]);
  puts("closed");
  return 0;
}
