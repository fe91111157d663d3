// Sync (racy): a "spinlock" whose compare-exchange and unlock store are both relaxed. It
// still provides mutual exclusion, but no happens-before between critical sections, so the
// counter it protects is racy (one report at the increment).
// RACELIGHT-EXPECT: data-race lines=@INC,@INC var=counter
#include <atomic>
#include <cstdio>
#include <thread>

std::atomic<bool> locked{false};
long counter;

void work() {
  for (int i = 0; i < 1000; ++i) {
    bool expected = false;
    while (!locked.compare_exchange_weak(expected, true, std::memory_order_relaxed)) {
      expected = false;
      std::this_thread::yield();
    }
    counter += 1; // @INC
    locked.store(false, std::memory_order_relaxed);
  }
}

int main() {
  std::thread a(work), b(work);
  a.join();
  b.join();
  std::printf("counter = %ld\n", counter);
  return 0;
}
