// Misuse (racy): a mutex in a heap block is locked after the block was freed (by the same
// thread, so this is no data race: a use after free). Reported once, naming the free.
// The mutex sits past the start of the block, where the allocator keeps its own data, so
// the freed bytes still read as an unlocked mutex and the program runs on.
// RACELIGHT-EXPECT: mutex-misuse subkind=use-after-free lines=@LOCK,@FREE
#include <pthread.h>
#include <stdlib.h>

struct object {
  char header[64];
  pthread_mutex_t m;
};

int main(void) {
  struct object *o = malloc(sizeof *o);
  pthread_mutex_init(&o->m, 0);
  pthread_mutex_lock(&o->m);
  pthread_mutex_unlock(&o->m);
  free(o); // @FREE
  pthread_mutex_lock(&o->m); // @LOCK
  pthread_mutex_unlock(&o->m);
  return 0;
}
