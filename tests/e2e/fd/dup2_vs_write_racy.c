// Fd (racy): a thread writes to a descriptor while the main thread, with nothing ordering the
// two, makes that descriptor number point elsewhere with dup2. dup2 over a descriptor in use
// is a data race on the descriptor (the write may go to either file).
// RACELIGHT-EXPECT: data-race lines=@WRITE,@DUP2 vartype=fd
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static int out;
static atomic_int done;

static void *logger(void *arg) {
  ssize_t n = write(out, "log\n", 4); // @WRITE
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return (void *)n;
}

int main(void) {
  out = open("/dev/null", O_WRONLY);
  int other = open("/dev/null", O_WRONLY);
  if (out < 0 || other < 0) return 2;
  pthread_t t;
  pthread_create(&t, NULL, logger, NULL);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) usleep(100);
  dup2(other, out); // @DUP2
  pthread_join(t, NULL);
  close(other);
  close(out);
  puts("redirected");
  return 0;
}
