// Sync (clean): atomics in a signal handler on the object the interrupted code is using.
// The runtime locks an atomic object around each atomic instruction; a handler that
// interrupts that window and touches the same object must not wait for its own thread
// (it would hang). A timer signals the main thread every 50 us while it loads and adds to
// the counter the handler also adds to.
// RACELIGHT-EXPECT: none
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static atomic_long ticks;
static atomic_long work;

static void on_alarm(int sig) {
  (void)sig;
  atomic_fetch_add(&ticks, 1);
  atomic_fetch_add(&work, 1);
  atomic_store_explicit(&work, atomic_load(&work), memory_order_release);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = SA_RESTART;
  sigaction(SIGALRM, &sa, NULL);
  struct itimerval every = {{0, 50}, {0, 50}};
  setitimer(ITIMER_REAL, &every, NULL);
  long sum = 0;
  while (atomic_load(&ticks) < 2000) {
    sum += atomic_load_explicit(&work, memory_order_acquire);
    atomic_fetch_add_explicit(&work, 1, memory_order_acq_rel);
  }
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, NULL);
  printf("ticks %ld, sum %s\n", atomic_load(&ticks), sum ? "nonzero" : "zero");
  return 0;
}
