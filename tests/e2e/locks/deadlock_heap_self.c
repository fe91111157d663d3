// Locks: a real self-deadlock on a mutex in malloc'd memory. The block first held a mutex
// that was freed while locked (abandoned); malloc hands the same block out again and a new
// mutex is copied in from PTHREAD_MUTEX_INITIALIZER (no call). The thread locks the new
// mutex twice: Racelight must report deadlock/self with the two locks of the new mutex (not
// the abandoned one: its first lock is no deadlock) before blocking, and end with 66 instead
// of hanging.
// RACELIGHT-EXPECT: deadlock subkind=self lines=@FIRST,@AGAIN
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

// Copied into the blocks (storing zeros would let the compiler turn malloc into calloc).
pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_mutex_t *old = malloc(sizeof *old);
  pthread_mutex_init(old, NULL);
  pthread_mutex_lock(old); // @OLD
  free(old);  // still locked
  pthread_mutex_t *m = malloc(sizeof *m);
  *m = fresh;
  printf("block %s\n", m == old ? "reused" : "not reused");
  fflush(stdout);
  pthread_mutex_lock(m); // @FIRST
  pthread_mutex_lock(m); // @AGAIN
  puts("not reached: the thread deadlocks");
  return 1;
}
