// Core: the child thread writes a global, the parent reads it after pthread_join. The join
// orders the accesses: no report.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

int answer;

static void *child(void *arg) {
  (void)arg;
  answer = 42;
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, child, NULL);
  pthread_join(t, NULL);
  printf("answer = %d\n", answer);
  return answer == 42 ? 0 : 1;
}
