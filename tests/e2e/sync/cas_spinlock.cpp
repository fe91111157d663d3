// Sync (clean): a spinlock built on compare_exchange_weak (acquire on success, relaxed on
// failure) and a release store to unlock, protecting a plain counter and a plain array.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

class SpinLock {
 public:
  void lock() {
    bool expected = false;
    while (!locked_.compare_exchange_weak(expected, true, std::memory_order_acquire,
                                          std::memory_order_relaxed)) {
      expected = false;
      std::this_thread::yield();
    }
  }
  void unlock() { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

SpinLock spin;
long counter;
int history[4];

int main() {
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t) {
    ts.emplace_back([t] {
      for (int i = 0; i < 5000; ++i) {
        spin.lock();
        ++counter;
        history[(t + i) % 4] = t;
        spin.unlock();
      }
    });
  }
  for (auto &t : ts) t.join();
  std::printf("counter = %ld\n", counter);
  return counter == 20000 ? 0 : 1;
}
