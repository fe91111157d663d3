// Locks: a lock-order inversion that did not deadlock this time. Thread 1 takes A then B and
// finishes; only then does thread 2 take B then A. Nothing blocks, but run concurrently the
// two orders can deadlock: Racelight must report one lock-order-inversion with both edges
// (A -> B by thread 1, B -> A by thread 2), each with where the first lock was held and where
// the second was acquired.
// RACELIGHT-EXPECT: lock-order-inversion lines=@T1_A,@T1_B,@T2_B,@T2_A
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
int balance_a = 100, balance_b = 100;

static void *a_to_b(void *arg) {
  pthread_mutex_lock(&a); // @T1_A
  pthread_mutex_lock(&b); // @T1_B
  balance_a -= 10;
  balance_b += 10;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return arg;
}

static void *b_to_a(void *arg) {
  pthread_mutex_lock(&b); // @T2_B
  pthread_mutex_lock(&a); // @T2_A
  balance_b -= 5;
  balance_a += 5;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return arg;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, a_to_b, NULL);
  pthread_join(t1, NULL);  // thread 2 starts only after thread 1 is done: no deadlock
  pthread_create(&t2, NULL, b_to_a, NULL);
  pthread_join(t2, NULL);
  printf("a = %d, b = %d\n", balance_a, balance_b);
  return balance_a + balance_b == 200 ? 0 : 1;
}
