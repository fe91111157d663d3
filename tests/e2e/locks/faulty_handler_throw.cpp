// Locks (tutorial port): the faulty lock handler. A worker takes the lock with a manual
// lock(), its critical section throws (the tutorial passes 'x' as the sleep time), the
// exception skips the unlock() and is caught at the thread's top level, and the thread exits
// still holding the lock. Racelight must report mutex-misuse exit-holding (naming where the
// worker took the lock); main's lock() then waits for a lock whose owner is dead, which must
// be reported as deadlock owner-exited (main's wait and where the dead thread took the lock)
// and end the process with status 66 instead of hanging.
// RACELIGHT-EXPECT: mutex-misuse subkind=exit-holding lines=@TAKEN
// RACELIGHT-EXPECT: deadlock subkind=owner-exited lines=@WAIT,@TAKEN
// RACELIGHT-TIMEOUT: 5
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <thread>

std::mutex lock;

__attribute__((noinline)) void critical_section(const char *sleep_seconds) {
  if (sleep_seconds[0] < '0' || sleep_seconds[0] > '9')
    throw std::invalid_argument("sleep time is not a number");
}

__attribute__((noinline)) void faulty_lock_handler(const char *sleep_seconds) {
  lock.lock(); // @TAKEN
  critical_section(sleep_seconds);
  lock.unlock();  // skipped by the exception
}

int main() {
  std::thread t([] {
    try {
      faulty_lock_handler("x");
    } catch (const std::exception &e) {
      std::printf("worker: %s\n", e.what());
    }
  });
  t.join();
  lock.lock(); // @WAIT
  std::printf("main got the lock\n");  // never reached
  lock.unlock();
  return 1;
}
