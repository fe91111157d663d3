// Sync (clean): heap memory freed by one thread and reused by another. For several sizes, a
// worker writes and frees a block main allocated; main waits for it with a relaxed atomic
// (which orders nothing) and then mallocs the same size (usually getting the same memory
// back) and writes it. A freed block's old accesses must not race with its next life.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const size_t sizes[] = {16, 100, 4096, 70000, 300000};
atomic_int freed;

static void *worker(void *arg) {
  unsigned char *p = arg;
  size_t n = *(size_t *)p;
  for (size_t i = sizeof(size_t); i < n; ++i) p[i] = (unsigned char)i;
  free(p);
  atomic_store_explicit(&freed, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  int reused = 0;
  for (unsigned k = 0; k < sizeof sizes / sizeof sizes[0]; ++k) {
    size_t n = sizes[k];
    unsigned char *p = malloc(n);
    memcpy(p, &n, sizeof n);
    atomic_store_explicit(&freed, 0, memory_order_relaxed);
    pthread_t t;
    pthread_create(&t, NULL, worker, p);
    while (!atomic_load_explicit(&freed, memory_order_relaxed)) sched_yield();
    unsigned char *q = malloc(n);
    reused += q == p;
    for (size_t i = 0; i < n; ++i) q[i] = (unsigned char)(i * 3);
    free(q);
    pthread_join(t, NULL);
  }
  printf("reused %d of 5 blocks\n", reused);
  return 0;
}
