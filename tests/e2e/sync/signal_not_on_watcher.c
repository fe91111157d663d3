// Sync (clean): a process-directed signal that every program thread blocks stays pending
// until main unblocks it, and its handler then runs on main, ordered after main's own
// write. Racelight's deadlock watcher thread must not take it (it starts with every signal
// blocked): before, the handler ran at once on the watcher, which then looked like a program
// thread created with no order, so the handler's write raced with main's (and the watcher
// was a thread still running at exit).
// RACELIGHT-EXPECT: none
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

int x;
atomic_int handled;

static void on_usr1(int sig) {
  (void)sig;
  x = 2;
  atomic_store(&handled, 1);
}

int main(void) {
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, 0);
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigprocmask(SIG_BLOCK, &usr1, 0);
  x = 1;
  kill(getpid(), SIGUSR1);
  usleep(100 * 1000);  // another thread that does not block SIGUSR1 would run it now
  int early = atomic_load(&handled);
  sigprocmask(SIG_UNBLOCK, &usr1, 0);  // delivered here, on main
  return !early && atomic_load(&handled) && x == 2 ? 0 : 1;
}
