// Locks (tutorial port, clean): the fixed lock handler. Like faulty_handler_throw.cpp, the
// critical section throws and the worker catches the exception at its top level, but the
// lock is held by a std::lock_guard, whose destructor releases it while the exception
// unwinds. The worker exits holding nothing and main's lock() succeeds: nothing to report.
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <thread>

std::mutex lock;
int entered;

__attribute__((noinline)) void critical_section(const char *sleep_seconds) {
  ++entered;
  if (sleep_seconds[0] < '0' || sleep_seconds[0] > '9')
    throw std::invalid_argument("sleep time is not a number");
}

__attribute__((noinline)) void fixed_lock_handler(const char *sleep_seconds) {
  std::lock_guard<std::mutex> guard(lock);
  critical_section(sleep_seconds);
}

int main() {
  std::thread t([] {
    try {
      fixed_lock_handler("x");
    } catch (const std::exception &e) {
      std::printf("worker: %s\n", e.what());
    }
  });
  t.join();
  lock.lock();
  ++entered;
  std::printf("main got the lock, entered = %d\n", entered);
  lock.unlock();
  return entered == 2 ? 0 : 1;
}
