// Stalls: a single-threaded program waits on a semaphore nobody can post. Racelight must
// report a deadlock (stall) with main's sem_wait, and exit 66.
// RACELIGHT-EXPECT: deadlock subkind=stall lines=@WAIT
// RACELIGHT-TIMEOUT: 5
#include <semaphore.h>
#include <stdio.h>

int main(void) {
  sem_t never;
  sem_init(&never, 0, 0);
  sem_wait(&never); // @WAIT
  puts("not reached");
  return 1;
}
