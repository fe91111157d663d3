// Locks (clean): both orders of A and B are taken, A -> B by one thread and B -> A by
// another, but always while holding the common gate lock G, which serializes them: this
// cycle can never deadlock and must not be reported. The threads run concurrently.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t g = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
int balance_a = 100, balance_b = 100;

static void *a_then_b(void *arg) {
  for (int i = 0; i < 200; ++i) {
    pthread_mutex_lock(&g);
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b);
    balance_a -= 1;
    balance_b += 1;
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&g);
  }
  return arg;
}

static void *b_then_a(void *arg) {
  for (int i = 0; i < 200; ++i) {
    pthread_mutex_lock(&g);
    pthread_mutex_lock(&b);
    pthread_mutex_lock(&a);
    balance_b -= 1;
    balance_a += 1;
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&g);
  }
  return arg;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, a_then_b, NULL);
  pthread_create(&t2, NULL, b_then_a, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("a = %d, b = %d\n", balance_a, balance_b);
  return balance_a == 100 && balance_b == 100 ? 0 : 1;
}
