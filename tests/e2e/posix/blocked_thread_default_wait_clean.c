// Threads at exit (clean): main returns while a worker is blocked for ever on a condition
// variable; with the default atexit_wait_ms the process must still end at once (a thread
// blocked in an untimed wait cannot run again), with no report and status 0.
// RACELIGHT-TIMEOUT: 3
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <unistd.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t c = PTHREAD_COND_INITIALIZER;

static void *blocked(void *arg) {
  pthread_mutex_lock(&m);
  for (;;) pthread_cond_wait(&c, &m);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, blocked, 0);
  usleep(100 * 1000);  // let it block
  return 0;
}
