// Sync (clean): sem_post from a signal handler (it is async-signal-safe) on the semaphore
// the interrupted code is posting and waiting on. The runtime takes its own locks inside
// the sem_post and sem_wait interceptors; a handler that interrupts one of those critical
// sections must not take the same lock again, or the thread waits for itself for ever. A
// timer signals the main thread every 50 us while it posts and waits in a loop.
// RACELIGHT-EXPECT: none
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static sem_t sem;
static atomic_long ticks;

static void on_alarm(int sig) {
  (void)sig;
  sem_post(&sem);
  atomic_fetch_add_explicit(&ticks, 1, memory_order_relaxed);
}

int main(void) {
  sem_init(&sem, 0, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval every = {{0, 50}, {0, 50}};
  setitimer(ITIMER_REAL, &every, NULL);
  long rounds = 0;
  while (atomic_load_explicit(&ticks, memory_order_relaxed) < 2000) {
    sem_post(&sem);
    sem_wait(&sem);
    ++rounds;
  }
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, NULL);
  printf("%s\n", rounds > 0 ? "done" : "no rounds");
  return 0;
}
