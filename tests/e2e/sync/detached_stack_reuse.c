// Sync (clean): waves of detached threads that use large stack buffers and thread_local
// arrays and signal completion only through a relaxed atomic counter. Later waves run on the
// cached stacks (and static TLS) of earlier ones, with no happens-before between the old and
// the new thread: a new thread's stack and TLS must not race with the previous owner's.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>

#define WAVES 6
#define PER_WAVE 8

atomic_int finished;
_Thread_local long tls_buffer[128];

__attribute__((noinline)) static long use_stack(long seed) {
  volatile long buffer[512];
  for (int i = 0; i < 512; ++i) buffer[i] = seed + i;
  long sum = 0;
  for (int i = 0; i < 512; i += 7) sum += buffer[i];
  return sum;
}

static void *work(void *arg) {
  long seed = (long)arg;
  for (int i = 0; i < 128; ++i) tls_buffer[i] = seed;
  long s = use_stack(seed) + tls_buffer[5];
  atomic_fetch_add_explicit(&finished, s > 0, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  for (int wave = 0; wave < WAVES; ++wave) {
    for (long i = 0; i < PER_WAVE; ++i) {
      pthread_t t;
      pthread_create(&t, &attr, work, (void *)(wave * 100 + i + 1));
    }
    while (atomic_load_explicit(&finished, memory_order_relaxed) < (wave + 1) * PER_WAVE)
      sched_yield();
  }
  pthread_attr_destroy(&attr);
  printf("finished = %d\n", atomic_load(&finished));
  return 0;
}
