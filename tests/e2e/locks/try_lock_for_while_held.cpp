// Locks (tutorial port): std::timed_mutex::try_lock() and try_lock_for() while another
// thread holds the lock. Both fail (the holder keeps the lock until main has tried) and are
// not synchronization: main's write to `shared` races with the holder's write under the lock.
// After the holder released, try_lock_for() succeeds and orders main after the holder's
// critical section: main's read of `later` is not a race.
// RACELIGHT-EXPECT: data-race lines=@HOLDER_W,@MAIN_W var=shared vartype=global
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

std::timed_mutex lock;
int shared, later;
std::atomic<int> stage;  // relaxed handshake only: orders nothing for Racelight

static void wait_stage(int s) {
  while (stage.load(std::memory_order_relaxed) < s) {}
}

int main() {
  std::thread holder([] {
    lock.lock();
    shared = 1; // @HOLDER_W
    stage.store(1, std::memory_order_relaxed);
    wait_stage(2);  // keep the lock until main has tried
    later = 7;
    lock.unlock();
    stage.store(3, std::memory_order_relaxed);
  });
  wait_stage(1);
  bool tried = lock.try_lock();
  bool timed = lock.try_lock_for(std::chrono::milliseconds(20));
  shared = 2; // @MAIN_W
  stage.store(2, std::memory_order_relaxed);
  wait_stage(3);
  bool got = lock.try_lock_for(std::chrono::seconds(2));  // released: succeeds, and orders
  int seen = later;
  if (got) lock.unlock();
  holder.join();
  std::printf("try_lock %d, try_lock_for %d, later %d, later = %d\n", tried, timed, got, seen);
  return !tried && !timed && got && seen == 7 ? 0 : 1;
}
