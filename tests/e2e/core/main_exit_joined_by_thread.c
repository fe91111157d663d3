// Core (clean): main calls pthread_exit while another thread runs, and that thread joins the
// main thread. The join orders main's accesses before the joiner's (no race on `result`),
// and the process ends as the native one does, with status 0, when the last thread returns.
// Racelight used to miss the join of the main thread (a false race) and never exit: its
// deadlock watcher kept the process alive once every program thread had ended.
// RACELIGHT-EXPECT: none
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

pthread_t main_thread;
int result;

static void *joiner(void *arg) {
  void *value;
  if (pthread_join(main_thread, &value) != 0) exit(1);
  printf("main left %d and %ld\n", result, (long)value);
  if (result != 42 || (long)value != 7) exit(1);
  result = 0;
  return arg;
}

int main(void) {
  main_thread = pthread_self();
  pthread_t t;
  pthread_create(&t, NULL, joiner, NULL);
  result = 42;
  pthread_exit((void *)7);
}
