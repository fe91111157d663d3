// Sync (racy): two threads each write a DIFFERENT bitfield, but both bitfields live in the
// same byte: each write is a read-modify-write of the whole byte (or word), so they race (and
// can lose updates). One report between the two assignments.
// RACELIGHT-EXPECT: data-race lines=@A,@B var=flags
#include <pthread.h>
#include <stdio.h>

struct {
  unsigned low : 4;
  unsigned high : 4;
} flags;

static void *set_low(void *arg) {
  (void)arg;
  flags.low = 5; // @A
  return NULL;
}

static void *set_high(void *arg) {
  (void)arg;
  flags.high = 9; // @B
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, set_low, NULL);
  pthread_create(&b, NULL, set_high, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%u %u\n", flags.low, flags.high);
  return 0;
}
