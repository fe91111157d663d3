// Sync (racy): a compare-exchange whose failure order is relaxed does not synchronize when
// it fails. The reader spins with compare_exchange_strong(0 -> 0, success acquire, failure
// relaxed): each success reads the initial 0 (released by no one); the failure that reads
// the writer's 1 is relaxed, so the data read races with the data write.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=data
#include <atomic>
#include <cstdio>
#include <thread>

int data;
std::atomic<int> flag{0};

int main() {
  std::thread writer([] {
    data = 42; // @W
    flag.store(1, std::memory_order_release);
  });
  std::thread reader([] {
    for (;;) {
      int expected = 0;
      if (!flag.compare_exchange_strong(expected, 0, std::memory_order_acquire,
                                        std::memory_order_relaxed))
        break;
      std::this_thread::yield();
    }
    std::printf("data = %d\n", data); // @R
  });
  writer.join();
  reader.join();
  return 0;
}
