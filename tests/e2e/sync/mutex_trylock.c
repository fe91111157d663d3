// Sync (clean): pthread_mutex_trylock in a retry loop (failed attempts must not count as
// acquisitions, successful ones must) guarding a plain counter; plus an error-checking mutex
// locked normally.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t checked;
long counter, checked_counter;

static void *work(void *arg) {
  (void)arg;
  for (int i = 0; i < 3000; ++i) {
    while (pthread_mutex_trylock(&m) != 0) sched_yield();
    ++counter;
    pthread_mutex_unlock(&m);
    pthread_mutex_lock(&checked);
    ++checked_counter;
    pthread_mutex_unlock(&checked);
  }
  return NULL;
}

int main(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&checked, &attr);
  pthread_t t[3];
  for (int i = 0; i < 3; ++i) pthread_create(&t[i], NULL, work, NULL);
  for (int i = 0; i < 3; ++i) pthread_join(t[i], NULL);
  printf("counter = %ld, %ld\n", counter, checked_counter);
  pthread_mutex_destroy(&checked);
  pthread_mutexattr_destroy(&attr);
  return counter == 9000 && checked_counter == 9000 ? 0 : 1;
}
