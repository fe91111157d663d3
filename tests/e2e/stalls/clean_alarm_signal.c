// Stalls (clean): a wake-up from a signal handler. Main, the only thread, waits on a
// semaphore that the SIGALRM handler posts (sem_post is async-signal-safe) when the alarm
// set for 1 s goes off. While a real-time interval timer is armed, waits are not a stall.
// RACELIGHT-OPTIONS: deadlock_timeout_ms=100
// RACELIGHT-EXPECT: none
// RACELIGHT-TIMEOUT: 10
#include <errno.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

sem_t wake;

static void on_alarm(int sig) {
  (void)sig;
  sem_post(&wake);
}

int main(void) {
  sem_init(&wake, 0, 0);
  signal(SIGALRM, on_alarm);
  alarm(1);
  while (sem_wait(&wake) != 0 && errno == EINTR) {}
  puts("done");
  return 0;
}
