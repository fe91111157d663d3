// Stalls: three threads join each other in a cycle: main joins T1, T1 joins T2, T2 joins
// main. (glibc refuses a self-join and a join of the thread joining the caller with EDEADLK,
// but not a longer cycle: this one hangs.) Racelight must report a deadlock (stall) naming
// the three joins, and exit 66.
// RACELIGHT-EXPECT: deadlock subkind=stall lines=@MAIN_JOIN,@T1_JOIN,@T2_JOIN
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>

pthread_t main_thread, t1, t2;
pthread_barrier_t started;

static void *second(void *arg) {
  pthread_barrier_wait(&started);
  pthread_join(main_thread, NULL); // @T2_JOIN
  return arg;
}

static void *first(void *arg) {
  pthread_barrier_wait(&started);
  pthread_join(t2, NULL); // @T1_JOIN
  return arg;
}

int main(void) {
  main_thread = pthread_self();
  pthread_barrier_init(&started, NULL, 3);
  pthread_create(&t1, NULL, first, NULL);
  pthread_create(&t2, NULL, second, NULL);
  pthread_barrier_wait(&started);  // t1 and t2 are known to everyone
  pthread_join(t1, NULL); // @MAIN_JOIN
  puts("not reached");
  return 1;
}
