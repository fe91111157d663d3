// Fd (clean): a thread opens a file with open(), wraps it with fdopen and closes it with
// fclose; the main thread then (after a relaxed flag, which orders nothing) opens a file with
// fopen, which gets the same descriptor number, and reads it with read(fileno(f)). The
// stream calls close and create the descriptor, so the two threads' uses are of two
// different descriptors: nothing races.
// RACELIGHT-EXPECT: none
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_int closed_fd = -1;

static void *opener(void *arg) {
  int fd = open("/dev/zero", O_RDONLY);
  char c;
  if (fd < 0 || read(fd, &c, 1) != 1) return (void *)1;
  FILE *f = fdopen(fd, "r");
  if (!f) return (void *)1;
  fclose(f);
  atomic_store_explicit(&closed_fd, fd, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, opener, NULL);
  int old;
  while ((old = atomic_load_explicit(&closed_fd, memory_order_relaxed)) < 0) usleep(100);
  FILE *f = fopen("/dev/zero", "r");
  if (!f) return 2;
  char buf[4];
  int same = fileno(f) == old;
  ssize_t n = read(fileno(f), buf, sizeof buf);
  fclose(f);
  pthread_join(t, NULL);
  printf("same number: %s, read %zd\n", same ? "yes" : "no", n);
  return n != 4;
}
