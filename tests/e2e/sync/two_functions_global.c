// Sync (racy): a global written by set_limit() in one thread and read by check_limit() in
// another: the race is between two different functions, each reported at its own line.
// RACELIGHT-EXPECT: data-race lines=@SET,@GET var=limit vartype=global
#include <pthread.h>
#include <stdio.h>

int limit = 10;

__attribute__((noinline)) void set_limit(int v) {
  limit = v; // @SET
}

__attribute__((noinline)) int check_limit(int v) {
  return v < limit; // @GET
}

static void *configure(void *arg) {
  set_limit((int)(long)arg);
  return NULL;
}

static void *serve(void *arg) {
  return (void *)(long)check_limit((int)(long)arg);
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, configure, (void *)20L);
  pthread_create(&b, NULL, serve, (void *)15L);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("limit = %d\n", limit);
  return 0;
}
