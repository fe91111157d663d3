// Locks (clean with single_thread_inversions=0): one thread takes A then B, and later B
// then A. By default that is reported (lock-order-inversion/single-thread,
// tests/e2e/posix/single_thread_inversion.c); with the option off, a cycle whose every edge
// one thread took must not be. Another thread takes A and B one at a time (no nesting: no
// edges), so the program is multi-threaded but every edge of the cycle is by the same thread.
// RACELIGHT-OPTIONS: single_thread_inversions=0
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
int va, vb;

static void *both_orders(void *arg) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  va++, vb++;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  va++, vb++;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return arg;
}

static void *one_at_a_time(void *arg) {
  pthread_mutex_lock(&a);
  va++;
  pthread_mutex_unlock(&a);
  pthread_mutex_lock(&b);
  vb++;
  pthread_mutex_unlock(&b);
  return arg;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, both_orders, NULL);
  pthread_join(t1, NULL);
  pthread_create(&t2, NULL, one_at_a_time, NULL);
  pthread_join(t2, NULL);
  printf("a = %d, b = %d\n", va, vb);
  return va == 3 && vb == 3 ? 0 : 1;
}
