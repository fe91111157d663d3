// Sync (racy): the counter is updated under a mutex by one thread but without it by the other.
// A lock held by only one side orders nothing: one race between the locked and the unlocked
// update.
// RACELIGHT-EXPECT: data-race lines=@LOCKED,@UNLOCKED var=balance
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
long balance;

static void *careful(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i) {
    pthread_mutex_lock(&m);
    balance += 5; // @LOCKED
    pthread_mutex_unlock(&m);
  }
  return NULL;
}

static void *careless(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i) {
    balance -= 5; // @UNLOCKED
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, careful, NULL);
  pthread_create(&b, NULL, careless, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("balance = %ld\n", balance);
  return 0;
}
