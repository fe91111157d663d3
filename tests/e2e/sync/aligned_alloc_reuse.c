// Sync (clean): aligned_alloc blocks (64- and 4096-byte alignment) written and freed by one
// thread and allocated again by another with no synchronization but a relaxed flag.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

atomic_int done;

static void churn(size_t align, size_t size, int value) {
  for (int round = 0; round < 20; ++round) {
    int *p = aligned_alloc(align, size);
    if ((uintptr_t)p % align) abort();
    for (size_t i = 0; i < size / sizeof(int); ++i) p[i] = value;
    free(p);
  }
}

static void *worker(void *arg) {
  (void)arg;
  churn(64, 256, 1);
  churn(4096, 8192, 2);
  atomic_store_explicit(&done, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  while (!atomic_load_explicit(&done, memory_order_relaxed)) sched_yield();
  churn(64, 256, 3);
  churn(4096, 8192, 4);
  pthread_join(t, NULL);
  puts("done");
  return 0;
}
