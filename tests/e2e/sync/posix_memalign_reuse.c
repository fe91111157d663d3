// Sync (clean): posix_memalign blocks written and freed by one thread, then allocated,
// written and read by another with no synchronization but a relaxed flag.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

atomic_int done;

static long churn(size_t align, size_t size, long value) {
  long sum = 0;
  for (int round = 0; round < 20; ++round) {
    void *mem = NULL;
    if (posix_memalign(&mem, align, size) != 0 || (uintptr_t)mem % align) abort();
    long *p = mem;
    for (size_t i = 0; i < size / sizeof(long); ++i) p[i] = value;
    for (size_t i = 0; i < size / sizeof(long); ++i) sum += p[i];
    free(p);
  }
  return sum;
}

static void *worker(void *arg) {
  (void)arg;
  churn(32, 512, 1);
  churn(256, 5000, 2);
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) sched_yield();
  long sum = churn(32, 512, 3) + churn(256, 5000, 4);
  pthread_join(t, NULL);
  printf("sum = %ld\n", sum);
  return 0;
}
