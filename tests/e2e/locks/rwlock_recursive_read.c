// Locks (clean): POSIX lets a thread hold several read locks on one pthread_rwlock_t
// ("successfully call pthread_rwlock_rdlock() n times"); with the default (reader-preferring)
// attributes the second rdlock never blocks. A helper takes the read lock again inside a
// read section, in two threads. Not a self deadlock, not a misuse: nothing to report.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
int table[8] = {1, 2, 3, 4, 5, 6, 7, 8};

__attribute__((noinline)) static int lookup(int i) {
  pthread_rwlock_rdlock(&lock);  // nested read lock
  int v = table[i % 8];
  pthread_rwlock_unlock(&lock);
  return v;
}

static void *reader(void *arg) {
  long *sum = arg;
  for (int i = 0; i < 100; ++i) {
    pthread_rwlock_rdlock(&lock);
    *sum += table[i % 8] + lookup(i + 1);
    pthread_rwlock_unlock(&lock);
  }
  return NULL;
}

int main(void) {
  pthread_t t[2];
  long sums[2] = {0};
  for (int i = 0; i < 2; ++i) pthread_create(&t[i], NULL, reader, &sums[i]);
  for (int i = 0; i < 2; ++i) pthread_join(t[i], NULL);
  pthread_rwlock_wrlock(&lock);
  table[0] = 0;
  pthread_rwlock_unlock(&lock);
  printf("sums %ld %ld\n", sums[0], sums[1]);
  return sums[0] == sums[1] && sums[0] == 888 ? 0 : 1;
}
