// Core: a race on one member of a global struct, reported with the struct's name. A third
// thread writes a different member, which races with nothing.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=config vartype=global
#include <pthread.h>
#include <stdio.h>

struct settings {
  int verbose;
  int level;
  double ratio;
};

struct settings config;

static void *set_level(void *arg) {
  (void)arg;
  config.level = 3; // @W
  return NULL;
}

static void *set_ratio(void *arg) {
  (void)arg;
  config.ratio = 0.5;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, set_level, NULL);
  pthread_create(&b, NULL, set_ratio, NULL);
  int level = config.level; // @R
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("level = %d, ratio = %g\n", level, config.ratio);
  return 0;
}
