// Sync (racy): a floating-point accumulator (`total += x` on a double) updated by four threads
// without synchronization: one race at the accumulation. (The update is in a noinline helper
// so that -O2 cannot keep `total` in a register across the loop, which would leave the
// hoisted load without a source line.)
// RACELIGHT-EXPECT: data-race lines=@ADD,@ADD var=total vartype=global
#include <pthread.h>
#include <stdio.h>

double total;

__attribute__((noinline)) static void add(double x) {
  total += x; // @ADD
}

static void *accumulate(void *arg) {
  double x = *(double *)arg;
  for (int i = 0; i < 500; ++i) add(x);
  return NULL;
}

int main(void) {
  double xs[4] = {0.5, 1.5, 2.5, 3.5};
  pthread_t t[4];
  for (int i = 0; i < 4; ++i) pthread_create(&t[i], NULL, accumulate, &xs[i]);
  for (int i = 0; i < 4; ++i) pthread_join(t[i], NULL);
  printf("total = %g\n", total);
  return 0;
}
