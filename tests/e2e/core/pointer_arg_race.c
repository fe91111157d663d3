// Core: the parent passes the address of its local variable to a thread, which writes
// through the pointer while the parent reads the variable before joining. The memory is on
// the parent's stack.
// RACELIGHT-EXPECT: data-race lines=@W,@R vartype=stack
#include <pthread.h>
#include <stdio.h>

static void *worker(void *arg) {
  int *p = arg;
  *p = 7; // @W
  return NULL;
}

int main(void) {
  int local = 0;
  pthread_t t;
  pthread_create(&t, NULL, worker, &local);
  int seen = local; // @R
  pthread_join(t, NULL);
  printf("seen = %d, final = %d\n", seen, local);
  return 0;
}
