/* The same work with a mutex: no report expected. */
#include <pthread.h>
#include <stdio.h>

static long total;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg) {
  for (int i = 0; i < 1000; ++i) {
    pthread_mutex_lock(&lock);
    total += 1;
    pthread_mutex_unlock(&lock);
  }
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, work, 0);
  pthread_create(&b, 0, work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("total %ld\n", total);
  return total != 2000;
}
