// Fd (clean): the interceptors before the runtime starts. A .preinit_array function, which
// runs before any constructor (and so before the runtime initializes), makes a pipe, writes,
// reads, formats and compares strings: the calls must pass through and work. main then
// uses the same descriptors from two threads, handed over by the pipe.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int fds[2] = {-1, -1};
static char early[64];
static int early_ok;
static int shared;

static void preinit(int argc, char **argv, char **envp) {
  if (pipe(fds) != 0) return;
  snprintf(early, sizeof early, "%s:%d", "pre", 7);
  if (write(fds[1], early, strlen(early) + 1) < 0) return;
  char back[64];
  if (read(fds[0], back, sizeof back) <= 0) return;
  early_ok = strcmp(back, "pre:7") == 0 && memcmp(back, early, 6) == 0;
}
__attribute__((section(".preinit_array"), used)) static void (*preinit_entry)(int, char **,
                                                                          char **) = preinit;

static void *producer(void *arg) {
  shared = 5;
  if (write(fds[1], "p", 1) != 1) return (void *)1;
  return NULL;
}

int main(void) {
  if (!early_ok) return 3;
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  char c;
  if (read(fds[0], &c, 1) != 1) return 2;
  int v = shared;
  pthread_join(t, NULL);
  printf("early %s, shared %d\n", early, v);
  return v != 5;
}
