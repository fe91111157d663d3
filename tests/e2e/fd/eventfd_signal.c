// Fd (clean): a worker computes a result, then signals an eventfd; the main thread waits on
// the eventfd (eventfd_read, then plain read) and reads the result. Each wake-up is ordered
// after the write that caused it.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/eventfd.h>
#include <unistd.h>

static int efd;
static long result[2];

static void *worker(void *arg) {
  result[0] = 6 * 7;
  if (eventfd_write(efd, 1) != 0) return (void *)1;
  uint64_t one = 1;
  result[1] = 99;
  if (write(efd, &one, sizeof one) != sizeof one) return (void *)1;
  return NULL;
}

int main(void) {
  efd = eventfd(0, EFD_SEMAPHORE);
  if (efd < 0) return 2;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  eventfd_t v;
  if (eventfd_read(efd, &v) != 0) return 2;
  long first = result[0];
  uint64_t w;
  if (read(efd, &w, sizeof w) != sizeof w) return 2;
  long second = result[1];
  pthread_join(t, NULL);
  close(efd);
  printf("%ld %ld\n", first, second);
  return !(first == 42 && second == 99);
}
