// Sync (racy): the reader uses an acquire load but the writer stores the flag relaxed (and no
// fence). An acquire synchronizes only with a release: the data accesses race.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=config_value
#include <atomic>
#include <cstdio>
#include <thread>

long config_value;
std::atomic<int> published{0};

int main() {
  std::thread writer([] {
    config_value = 5; // @W
    published.store(1, std::memory_order_relaxed);
  });
  std::thread reader([] {
    while (published.load(std::memory_order_acquire) == 0) std::this_thread::yield();
    long v = config_value; // @R
    std::printf("%ld\n", v);
  });
  writer.join();
  reader.join();
  return 0;
}
