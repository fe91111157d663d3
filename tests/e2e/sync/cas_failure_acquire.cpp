// Sync (clean): a compare-exchange that fails synchronizes at its failure order. The reader
// spins with compare_exchange_strong(0 -> 0, success relaxed, failure acquire): while the
// flag is 0 the exchange succeeds (relaxed, no synchronization); when the writer's release
// store of 1 makes it fail, the failure's acquire synchronizes with it.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>

int data[4];
std::atomic<int> flag{0};

int main() {
  std::thread writer([] {
    for (int i = 0; i < 4; ++i) data[i] = 7 * i;
    flag.store(1, std::memory_order_release);
  });
  std::thread reader([] {
    for (;;) {
      int expected = 0;
      if (!flag.compare_exchange_strong(expected, 0, std::memory_order_relaxed,
                                        std::memory_order_acquire))
        break;
      std::this_thread::yield();
    }
    std::printf("data[3] = %d\n", data[3]);
  });
  writer.join();
  reader.join();
  return 0;
}
