// Core: rule (e) across blocks. The worker writes `flag_word`, then, on either branch and
// with no synchronization, reads it back (not instrumented: the write dominates the read and
// covers its bytes) and in a loop without calls reads it again. Main writes `flag_word`
// concurrently: both the write-write and, through the covering write, any read are one
// race, reported at the first write's line.
// RACELIGHT-EXPECT: data-race lines=@W,@M var=flag_word vartype=global
#include <pthread.h>

volatile int flag_word;  // volatile: every access stays at -O2
int out;

__attribute__((noinline)) void work(int n) {
  flag_word = n; // @W
  int sum = 0;
  if (n > 3)
    sum += flag_word; // @R1
  else
    sum -= 1;
  for (int i = 0; i < n; ++i)
    sum += flag_word; // @R2
  out = sum;
}

static void *worker(void *arg) {
  work(4);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  flag_word = 9; // @M
  pthread_join(t, 0);
  return out > 0 ? 0 : 1;
}
