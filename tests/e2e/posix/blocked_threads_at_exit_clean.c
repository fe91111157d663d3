// Threads at exit (clean): main returns while one worker is blocked for ever on a semaphore
// nobody posts and another sleeps for 100 s. Neither may keep the process alive: the blocked
// thread cannot run again (no wait for it), the sleeper is waited for at most
// atexit_wait_ms (here 200 ms), then the process ends with status 0 and no report.
// RACELIGHT-OPTIONS: atexit_wait_ms=200
// RACELIGHT-TIMEOUT: 5
// RACELIGHT-EXPECT: none
// RACELIGHT-OUTPUT: still running at exit (
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <unistd.h>

sem_t never;
atomic_int sleeping;

static void *blocked(void *arg) {
  sem_wait(&never);
  return arg;
}

static void *sleeper(void *arg) {
  atomic_store(&sleeping, 1);
  sleep(100);
  return arg;
}

int main(void) {
  sem_init(&never, 0, 0);
  pthread_t a, b;
  pthread_create(&a, 0, blocked, 0);
  pthread_create(&b, 0, sleeper, 0);
  while (!atomic_load(&sleeping)) {
  }
  usleep(50 * 1000);  // let the first worker block
  return 0;
}
