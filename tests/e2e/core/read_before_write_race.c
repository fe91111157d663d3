// Core: rule (h), reads before writes. The worker reads `balance` on one line and writes it
// back on the next, in one block with nothing between that may synchronize: the read has no
// check of its own (the write covers its bytes, in the same epoch). Main writes `balance`
// concurrently, racing with the read and the write alike: the race is still found, reported
// at the write's line (@W), not the read's (@R), as a write.
// RACELIGHT-EXPECT: data-race lines=@W,@M var=balance vartype=global
#include <pthread.h>

int balance;
int seen;

__attribute__((noinline)) void add_interest(int percent) {
  int old = balance; // @R
  balance = old + old * percent / 100; // @W
  seen = old;
}

static void *worker(void *arg) {
  add_interest(5);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  balance = 1000; // @M
  pthread_join(t, 0);
  return seen >= 0 ? 0 : 1;
}
