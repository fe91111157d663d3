// Sync (racy): plain data "published" through a flag with relaxed stores and loads only.
// Relaxed atomics do not synchronize, so the reader's read of the data races with the
// writer's write even though it always runs after it in time. The flag itself is atomic and
// must not be reported.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=payload vartype=global
#include <atomic>
#include <cstdio>
#include <thread>

int payload;
std::atomic<bool> ready{false};

int main() {
  std::thread writer([] {
    payload = 42; // @W
    ready.store(true, std::memory_order_relaxed);
  });
  std::thread reader([] {
    while (!ready.load(std::memory_order_relaxed)) std::this_thread::yield();
    std::printf("payload = %d\n", payload); // @R
  });
  writer.join();
  reader.join();
  return 0;
}
