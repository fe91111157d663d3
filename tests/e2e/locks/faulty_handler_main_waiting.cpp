// Locks (tutorial port): the faulty lock handler in the tutorial's order: main does not join
// the worker, it calls lock() right away and may already be blocked when the worker's
// critical section throws and the worker exits holding the lock. Whichever comes first,
// Racelight must report mutex-misuse exit-holding and deadlock owner-exited (main's wait,
// where the dead worker took the lock), and end the process with 66 instead of hanging.
// RACELIGHT-EXPECT: mutex-misuse subkind=exit-holding lines=@TAKEN
// RACELIGHT-EXPECT: deadlock subkind=owner-exited lines=@WAIT,@TAKEN
// RACELIGHT-TIMEOUT: 5
#include <atomic>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

std::mutex lock;
std::atomic<int> stage;  // relaxed handshake only

__attribute__((noinline)) void faulty_lock_handler(const std::string &sleep_seconds) {
  lock.lock(); // @TAKEN
  stage.store(1, std::memory_order_relaxed);
  while (stage.load(std::memory_order_relaxed) < 2) {}  // main is about to lock()
  int seconds = std::stoi(sleep_seconds);  // throws std::invalid_argument for "x"
  std::printf("sleeping %d s\n", seconds);
  lock.unlock();
}

int main() {
  std::thread t([] {
    try {
      faulty_lock_handler("x");
    } catch (const std::exception &e) {
      std::printf("worker: %s\n", e.what());
    }
  });
  while (stage.load(std::memory_order_relaxed) < 1) {}
  stage.store(2, std::memory_order_relaxed);
  lock.lock(); // @WAIT
  std::printf("main got the lock\n");  // never reached
  lock.unlock();
  t.join();
  return 1;
}
