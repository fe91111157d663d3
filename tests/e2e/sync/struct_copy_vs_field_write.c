// Sync (racy): one thread copies a whole struct out of a global (a 24-byte aggregate read)
// while another writes one of its fields: the field write races with the struct copy.
// RACELIGHT-EXPECT: data-race lines=@COPY,@FIELD var=current
#include <pthread.h>
#include <stdio.h>

struct sample { long time; long value; long flags; };
struct sample current = {1, 2, 3};

static void *snapshotter(void *arg) {
  struct sample *out = arg;
  *out = current; // @COPY
  return NULL;
}

static void *updater(void *arg) {
  (void)arg;
  current.value = 20; // @FIELD
  return NULL;
}

int main(void) {
  struct sample snap;
  pthread_t a, b;
  pthread_create(&a, NULL, snapshotter, &snap);
  pthread_create(&b, NULL, updater, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld %ld\n", snap.value, current.value);
  return 0;
}
