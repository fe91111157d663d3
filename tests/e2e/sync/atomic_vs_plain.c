// Sync (racy): one thread updates a counter with an atomic builtin, the other with a plain
// store. An atomic access racing with a non-atomic one is a data race; the report must
// involve the plain store (atomic-vs-atomic pairs are never races).
// RACELIGHT-EXPECT: data-race lines=@ATOMIC,@PLAIN var=hits
#include <pthread.h>
#include <stdio.h>

long hits;

static void *atomic_user(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i) {
    __atomic_fetch_add(&hits, 1, __ATOMIC_SEQ_CST); // @ATOMIC
  }
  return NULL;
}

static void *plain_user(void *arg) {
  (void)arg;
  hits = 0; // @PLAIN
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, atomic_user, NULL);
  pthread_create(&b, NULL, plain_user, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("hits = %ld\n", hits);
  return 0;
}
