// Sync (racy): main frees a block that a thread then reads (a use after free racing with the
// free: no synchronization between them; the thread waits on a relaxed atomic so the read
// surely comes after the free in time). Reported as a data race of subkind "free", the free
// being the previous access.
// RACELIGHT-EXPECT: data-race subkind=free lines=@FREE,@R vartype=heap
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

atomic_int freed;

static void *reader(void *arg) {
  int *p = arg;
  while (!atomic_load_explicit(&freed, memory_order_relaxed)) sched_yield();
  int v = p[1]; // @R
  return (void *)(long)v;
}

int main(void) {
  int *p = malloc(16 * sizeof(int));
  for (int i = 0; i < 16; ++i) p[i] = i;
  pthread_t t;
  pthread_create(&t, NULL, reader, p);
  free(p); // @FREE
  atomic_store_explicit(&freed, 1, memory_order_relaxed);
  pthread_join(t, NULL);
  puts("done");
  return 0;
}
