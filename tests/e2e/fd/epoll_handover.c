// Fd (clean): a thread registers a pipe with an epoll instance, passing a heap object in
// event.data.ptr, fills the object and writes to the pipe; the main thread's epoll_wait
// returns the pointer and it reads the object (ordered by epoll_ctl and by the pipe).
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

struct job { int fd; int value; };
static int ep, fds[2];

static void *registrar(void *arg) {
  struct job *j = malloc(sizeof *j);
  j->fd = fds[0];
  j->value = 17;
  struct epoll_event ev = {0};
  ev.events = EPOLLIN;
  ev.data.ptr = j;
  if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev) != 0) return (void *)1;
  if (write(fds[1], "!", 1) != 1) return (void *)1;
  return NULL;
}

int main(void) {
  ep = epoll_create1(0);
  if (ep < 0 || pipe(fds) != 0) return 2;
  pthread_t t;
  pthread_create(&t, NULL, registrar, NULL);
  struct epoll_event out;
  int n = epoll_wait(ep, &out, 1, 10000);
  if (n != 1) return 2;
  struct job *j = out.data.ptr;
  char c;
  if (read(j->fd, &c, 1) != 1) return 2;
  int value = j->value;
  pthread_join(t, NULL);
  free(j);
  close(ep);
  close(fds[0]);
  close(fds[1]);
  printf("value %d\n", value);
  return value != 17;
}
