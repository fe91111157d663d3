// Sync (racy): a function-local static counter (`static int calls; calls++`) in a function
// called by two threads: the static lives for the whole program and is shared.
// RACELIGHT-EXPECT: data-race lines=@INC,@INC
#include <pthread.h>
#include <stdio.h>

__attribute__((noinline)) static int next_id(void) {
  static int calls;
  return ++calls; // @INC
}

static void *work(void *arg) {
  long last = 0;
  for (int i = 0; i < 100; ++i) last = next_id();
  return (void *)last;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, work, NULL);
  pthread_create(&b, NULL, work, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("next = %d\n", next_id());
  return 0;
}
