// Core: the parent writes data before pthread_create and the child reads it; the child writes
// a result the parent reads after pthread_join. Creation and join order both: no report.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

int config[4];
int result;

static void *child(void *arg) {
  (void)arg;
  result = config[0] + config[1] + config[2] + config[3];
  return NULL;
}

int main(void) {
  for (int i = 0; i < 4; ++i) config[i] = i + 1;
  pthread_t t;
  pthread_create(&t, NULL, child, NULL);
  pthread_join(t, NULL);
  printf("result = %d\n", result);
  return result == 10 ? 0 : 1;
}
