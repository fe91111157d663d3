// Locks: a thread that exits while holding a lock (it forgot the unlock on an early return).
// Nobody waits for the lock afterwards, so there is no deadlock: Racelight must report only
// mutex-misuse exit-holding, with where the thread acquired the lock. The exit itself has
// no stack, so the SUMMARY line names the acquisition (it named nothing before).
// RACELIGHT-EXPECT: mutex-misuse subkind=exit-holding lines=@TAKEN
// RACELIGHT-OUTPUT: SUMMARY: racelight: mutex-misuse
// RACELIGHT-OUTPUT: exit_holding.c:@TAKEN:3 in worker
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
