// Lock-order graph stress (issue 16, item 4): many mutexes, always taken in one consistent
// (ascending) order, so a correct run reports nothing. Each thread repeatedly locks a random
// subset of up to 8 mutexes in ascending order and unlocks them; thread 0 now and then holds
// a long ascending run of `big` mutexes at once.
//
//   many_mutexes [MUTEXES [THREADS [ITERATIONS [BIG [BIG_EVERY]]]]]
//   defaults:     5000     4        60000       200  100
//
// ITERATIONS is the total over all threads. BIG_EVERY: thread 0 takes the big run once every
// BIG_EVERY of its iterations. Prints a checksum; exit status 0.
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t *mutexes;
static unsigned long num_mutexes = 5000, num_threads = 4, iterations = 60000, big = 200,
                     big_every = 100;
static unsigned long counters[64];

static uint64_t next_rand(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static int cmp_ulong(const void *a, const void *b) {
  unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;
  return x < y ? -1 : x > y;
}

// Fills idx[0..n) with n distinct ascending indices below num_mutexes.
static void pick_sorted(uint64_t *rng, unsigned long *idx, unsigned long n) {
  unsigned long k = 0;
  while (k < n) {
    unsigned long c = next_rand(rng) % num_mutexes, j;
    for (j = 0; j < k && idx[j] != c; ++j) {
    }
    if (j == k) idx[k++] = c;
  }
  qsort(idx, n, sizeof idx[0], cmp_ulong);
}

static void lock_run(unsigned long *idx, unsigned long n, unsigned long self) {
  for (unsigned long i = 0; i < n; ++i) pthread_mutex_lock(&mutexes[idx[i]]);
  counters[self] += n;
  for (unsigned long i = n; i-- > 0;) pthread_mutex_unlock(&mutexes[idx[i]]);
}

static void *worker(void *arg) {
  unsigned long self = (unsigned long)arg;
  uint64_t rng = 0x9e3779b97f4a7c15ull * (self + 1);
  unsigned long per_thread = iterations / num_threads;
  unsigned long *idx = malloc(sizeof(unsigned long) * (big > 8 ? big : 8));
  for (unsigned long it = 0; it < per_thread; ++it) {
    if (self == 0 && big && big_every && it % big_every == big_every - 1) {
      // A long ascending run starting anywhere (consistent with the global order).
      unsigned long start = next_rand(&rng) % (num_mutexes - big + 1);
      for (unsigned long i = 0; i < big; ++i) idx[i] = start + i;
      lock_run(idx, big, self);
      continue;
    }
    unsigned long n = 1 + next_rand(&rng) % 8;
    pick_sorted(&rng, idx, n);
    lock_run(idx, n, self);
  }
  free(idx);
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1) num_mutexes = strtoul(argv[1], 0, 10);
  if (argc > 2) num_threads = strtoul(argv[2], 0, 10);
  if (argc > 3) iterations = strtoul(argv[3], 0, 10);
  if (argc > 4) big = strtoul(argv[4], 0, 10);
  if (argc > 5) big_every = strtoul(argv[5], 0, 10);
  if (num_threads < 1 || num_threads > 64 || num_mutexes < 8 || big > num_mutexes) {
    fprintf(stderr, "bad arguments\n");
    return 2;
  }
  mutexes = malloc(sizeof(pthread_mutex_t) * num_mutexes);
  for (unsigned long i = 0; i < num_mutexes; ++i) pthread_mutex_init(&mutexes[i], 0);
  pthread_t t[64];
  for (unsigned long i = 0; i < num_threads; ++i) pthread_create(&t[i], 0, worker, (void *)i);
  unsigned long sum = 0;
  for (unsigned long i = 0; i < num_threads; ++i) {
    pthread_join(t[i], 0);
    sum += counters[i];
  }
  printf("checksum %lu\n", sum);
  return 0;
}
