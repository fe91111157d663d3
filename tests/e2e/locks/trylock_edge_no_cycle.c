// Locks (clean): thread 1 takes A then B (blocking). Later thread 2 holds B and takes A with
// pthread_mutex_trylock, and thread 3 holds B and takes A with pthread_mutex_timedlock. An
// acquisition that cannot block forever cannot close a deadlock, so B -> A is not an edge of
// the lock-order graph and no inversion may be reported.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <time.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
int value;

static void *a_then_b(void *arg) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  value++;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return arg;
}

static void *b_then_try_a(void *arg) {
  int timed = arg != NULL, rc;
  pthread_mutex_lock(&b);
  if (timed) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 2;
    rc = pthread_mutex_timedlock(&a, &deadline);
  } else {
    rc = pthread_mutex_trylock(&a);
  }
  if (rc == 0) {
    value++;
    pthread_mutex_unlock(&a);
  }
  pthread_mutex_unlock(&b);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, a_then_b, NULL);
  pthread_join(t, NULL);
  pthread_create(&t, NULL, b_then_try_a, NULL);  // trylock
  pthread_join(t, NULL);
  pthread_create(&t, NULL, b_then_try_a, &t);  // timedlock
  pthread_join(t, NULL);
  printf("value = %d\n", value);
  return value == 3 ? 0 : 1;
}
