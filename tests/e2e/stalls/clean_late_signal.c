// Stalls (clean): main waits on a condition variable (in a predicate loop) and then joins a
// worker, while the worker sleeps 1 s outside the runtime before it signals: far longer
// than deadlock_timeout_ms, but a sleeping thread is not blocked in the runtime, so this is
// no stall. Then the worker waits on a semaphore main posts after a read() of a pipe the
// worker fills after another sleep: no report either.
// RACELIGHT-OPTIONS: deadlock_timeout_ms=100
// RACELIGHT-EXPECT: none
// RACELIGHT-TIMEOUT: 10
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t c = PTHREAD_COND_INITIALIZER;
int done;
sem_t go;
int fds[2];

static void *worker(void *arg) {
  sleep(1);
  pthread_mutex_lock(&m);
  done = 1;
  pthread_cond_signal(&c);
  pthread_mutex_unlock(&m);
  usleep(500000);
  if (write(fds[1], "x", 1) != 1) return (void *)1;
  sem_wait(&go);
  return arg;
}

int main(void) {
  sem_init(&go, 0, 0);
  if (pipe(fds)) return 2;
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  pthread_mutex_lock(&m);
  while (!done) pthread_cond_wait(&c, &m);
  pthread_mutex_unlock(&m);
  char byte;
  if (read(fds[0], &byte, 1) != 1) return 3;  // blocked outside the runtime
  usleep(300000);  // the worker waits on the semaphore meanwhile
  sem_post(&go);
  void *result;
  pthread_join(t, &result);
  puts("done");
  return result != NULL;
}
