// Sync (clean): a release sequence continued by the head's own relaxed store. The writer
// fills data, stores 1 with release, then 2 relaxed. Under C11 and C++17 the relaxed store
// by the same thread continues the release sequence, so the reader's acquire load of 2
// synchronizes with the release store. (C++20 no longer counts same-thread stores; Racelight
// follows the older rule so that code correct under it is never reported.)
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>

int data[4];
std::atomic<int> flag{0};

int main() {
  std::thread writer([] {
    for (int i = 0; i < 4; ++i) data[i] = i + 1;
    flag.store(1, std::memory_order_release);
    flag.store(2, std::memory_order_relaxed);
  });
  std::thread reader([] {
    while (flag.load(std::memory_order_relaxed) != 2) std::this_thread::yield();
    if (flag.load(std::memory_order_acquire) != 2) return;
    std::printf("sum = %d\n", data[0] + data[1] + data[2] + data[3]);
  });
  writer.join();
  reader.join();
  return 0;
}
