// Sync (racy): the writer publishes with a release store but the reader polls with a relaxed
// load (and no fence). Without an acquire on the reading side there is no synchronization:
// the data read races with the data write.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=config_value
#include <atomic>
#include <cstdio>
#include <thread>

long config_value;
std::atomic<int> published{0};

int main() {
  std::thread writer([] {
    config_value = 5; // @W
    published.store(1, std::memory_order_release);
  });
  std::thread reader([] {
    while (published.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
    long v = config_value; // @R
    std::printf("%ld\n", v);
  });
  writer.join();
  reader.join();
  return 0;
}
