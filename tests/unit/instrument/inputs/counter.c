// Input of the instrument.clang.counter-* tests: a mutex-protected counter, a global
// struct copied with memcpy, an atomic add, a leaf function with only locals.
#include <pthread.h>
#include <stdio.h>
#include <string.h>

int counter;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
const char *greeting = "hello";
struct big { char b[24]; } gbig;

static void increment(int by) {
  pthread_mutex_lock(&mu);
  counter += by;
  pthread_mutex_unlock(&mu);
}

static void *worker(void *arg) {
  for (int i = 0; i < 1000; i++)
    increment(1);
  return NULL;
}

int square(int x) { int y = x * x; return y; }

int main(void) {
  pthread_t t[2];
  struct big local = {"abc"};
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  memcpy(&gbig, &local, sizeof local);
  __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
  printf("%d %s %d\n", counter, greeting, square(3));
  return 0;
}
