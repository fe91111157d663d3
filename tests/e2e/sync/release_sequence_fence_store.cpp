// Sync (clean): a relaxed store after a release fence heads a sequence of its own. The
// writer fills data, fences with release and stores 1 relaxed; a second thread, having seen
// 1, fills more data, fences with release and overwrites the flag with 2 relaxed. The
// reader's acquire load of 2 synchronizes with the second thread's fence, and through the
// second thread's acquire fence with the first writer: both data blocks are ordered.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>

int first[4], second[4];
std::atomic<int> flag{0};

int main() {
  std::thread writer([] {
    for (int i = 0; i < 4; ++i) first[i] = i + 1;
    std::atomic_thread_fence(std::memory_order_release);
    flag.store(1, std::memory_order_relaxed);
  });
  std::thread relay([] {
    while (flag.load(std::memory_order_relaxed) != 1) std::this_thread::yield();
    std::atomic_thread_fence(std::memory_order_acquire);
    for (int i = 0; i < 4; ++i) second[i] = first[i] * 10;
    std::atomic_thread_fence(std::memory_order_release);
    flag.store(2, std::memory_order_relaxed);
  });
  std::thread reader([] {
    while (flag.load(std::memory_order_relaxed) != 2) std::this_thread::yield();
    if (flag.load(std::memory_order_acquire) != 2) return;
    std::printf("%d %d\n", first[3], second[3]);
  });
  writer.join();
  relay.join();
  reader.join();
  return 0;
}
