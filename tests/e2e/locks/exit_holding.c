// Locks: a thread that exits while holding a lock (it forgot the unlock on an early return).
// Nobody waits for the lock afterwards, so there is no deadlock: Racelight must report only
// mutex-misuse exit-holding, with where the thread acquired the lock.
// RACELIGHT-EXPECT: mutex-misuse subkind=exit-holding lines=@TAKEN
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
int items;

static void *worker(void *arg) {
  int n = *(int *)arg;
  pthread_mutex_lock(&lock); // @TAKEN
  if (n < 0) return NULL;  // early return: the unlock below is skipped
  items += n;
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  int n = -1;
  pthread_t t;
  pthread_create(&t, NULL, worker, &n);
  pthread_join(t, NULL);
  printf("items = %d\n", items);
  return 0;
}
