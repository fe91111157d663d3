// Core: a race with a thread that has already FINISHED (but was never joined). The first
// thread writes a global and exits; main waits for it with a relaxed atomic and a short sleep
// (neither orders anything), then starts a second thread that reads the global. The runtime
// must keep the finished thread's history (its clock and its slot, if slots are recycled for
// new threads) so the read is still seen as unordered with the write.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=shared
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

int shared;
atomic_int written;

static void *writer(void *arg) {
  (void)arg;
  shared = 5; // @W
  atomic_store_explicit(&written, 1, memory_order_relaxed);
  return NULL;
}

static void *reader(void *arg) {
  (void)arg;
  return (void *)(long)shared; // @R
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, writer, NULL);
  pthread_detach(a);
  while (!atomic_load_explicit(&written, memory_order_relaxed)) sched_yield();
  usleep(20000);
  pthread_create(&b, NULL, reader, NULL);
  void *got;
  pthread_join(b, &got);
  printf("got %ld\n", (long)got);
  return 0;
}
