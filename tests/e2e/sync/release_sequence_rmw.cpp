// Sync (clean): a release sequence. The writer fills plain data and does count.store(1,
// release); two other threads then do count.fetch_add(1, relaxed) (read-modify-writes, which
// continue the writer's release sequence); the reader waits with an acquire load until it
// sees 3, written by a relaxed RMW, and still synchronizes with the writer's release store.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>

int payload[8];
std::atomic<int> count{0};

int main() {
  std::thread writer([] {
    for (int i = 0; i < 8; ++i) payload[i] = i + 100;
    count.store(1, std::memory_order_release);
  });
  auto bump = [] {
    while (count.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
    count.fetch_add(1, std::memory_order_relaxed);
  };
  std::thread bumper1(bump), bumper2(bump);
  std::thread reader([] {
    while (count.load(std::memory_order_acquire) != 3) std::this_thread::yield();
    long sum = 0;
    for (int v : payload) sum += v;
    std::printf("sum = %ld\n", sum);
  });
  writer.join();
  bumper1.join();
  bumper2.join();
  reader.join();
  return 0;
}
