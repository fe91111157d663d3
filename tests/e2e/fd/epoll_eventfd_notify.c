// Fd (clean): an eventfd is registered with an epoll instance; a worker fills a result and
// signals the eventfd; the main thread's epoll_wait reports it ready and the main thread
// reads the result without reading the eventfd. A write to a descriptor in an epoll set
// also releases into the epoll instance, so the wait is ordered after it.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

static int efd;
static double result;

static void *worker(void *arg) {
  result = 2.5;
  return eventfd_write(efd, 1) == 0 ? NULL : (void *)1;
}

int main(void) {
  efd = eventfd(0, 0);
  int ep = epoll_create1(0);
  if (efd < 0 || ep < 0) return 2;
  struct epoll_event ev = {0};
  ev.events = EPOLLIN;
  ev.data.fd = efd;
  if (epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) != 0) return 2;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  struct epoll_event out;
  if (epoll_wait(ep, &out, 1, 10000) != 1 || out.data.fd != efd) return 2;
  double r = result;
  pthread_join(t, NULL);
  close(ep);
  close(efd);
  printf("result %.1f\n", r);
  return r != 2.5;
}
