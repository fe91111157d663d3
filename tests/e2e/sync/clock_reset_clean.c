// Sync corpus: correct synchronization across thousands of shadow resets
// (runtime/clock_reset.h; clock_limit=2 and slot_switching=0: every second release of a
// thread resets). A producer/consumer ring on a mutex and two condition variables, a
// handoff through thread creation and join in every round, and a barrier-like phase
// counter: every access is ordered, so there must be no report, however the resets fall
// (a thread's clock, a mutex's clock or a new thread's inherited clock may be of an older
// era; what they forget is only ordering of cells that the reset discarded).
// RACELIGHT-OPTIONS: clock_limit=2 slot_switching=0
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

enum { kSlots = 8, kItems = 4000, kRounds = 40 };

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static long ring[kSlots];
static int head, tail, count;
static long consumed_sum;
static long handoff[16];

static void *producer(void *arg) {
  (void)arg;
  for (long i = 1; i <= kItems; ++i) {
    pthread_mutex_lock(&mu);
    while (count == kSlots) pthread_cond_wait(&not_full, &mu);
    ring[head] = i;
    head = (head + 1) % kSlots;
    ++count;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

static void *consumer(void *arg) {
  (void)arg;
  for (long i = 1; i <= kItems; ++i) {
    pthread_mutex_lock(&mu);
    while (count == 0) pthread_cond_wait(&not_empty, &mu);
    long v = ring[tail];
    tail = (tail + 1) % kSlots;
    --count;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&mu);
    consumed_sum += v;  // only this thread writes it until the join
  }
  return NULL;
}

static void *bump_handoff(void *arg) {
  long round = (long)arg;
  for (int i = 0; i < 16; ++i) handoff[i] += round;  // ordered by create and join
  pthread_mutex_lock(&mu);
  pthread_mutex_unlock(&mu);
  return NULL;
}

int main(void) {
  pthread_t p, c;
  pthread_create(&p, NULL, producer, NULL);
  pthread_create(&c, NULL, consumer, NULL);
  for (long r = 0; r < kRounds; ++r) {
    for (int i = 0; i < 16; ++i) handoff[i] += 1;
    pthread_t t;
    pthread_create(&t, NULL, bump_handoff, (void *)r);
    pthread_join(t, NULL);
    for (int i = 0; i < 16; ++i) handoff[i] -= 1;
  }
  pthread_join(p, NULL);
  pthread_join(c, NULL);
  printf("sum = %ld (expected %ld), handoff[0] = %ld\n", consumed_sum,
         (long)kItems * (kItems + 1) / 2, handoff[0]);
  return 0;
}
