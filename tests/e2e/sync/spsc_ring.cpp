// Sync (clean): a single-producer single-consumer ring buffer synchronized only by two
// std::atomic indices (release stores, acquire loads). Slots are plain structs, written by
// the producer and read by the consumer, and reused 6250 times each: both the publication
// (tail) and the slot recycling (head) edges must be honoured.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>

struct Slot {
  long seq;
  int a, b;
};

constexpr unsigned kSize = 16;
Slot ring[kSize];
std::atomic<unsigned> head{0}, tail{0};

int main() {
  constexpr long kItems = 100000;
  std::thread producer([] {
    for (long i = 0; i < kItems; ++i) {
      unsigned t = tail.load(std::memory_order_relaxed);
      while (t - head.load(std::memory_order_acquire) == kSize) std::this_thread::yield();
      Slot &s = ring[t % kSize];
      s.seq = i;
      s.a = int(i & 0xff);
      s.b = int(i >> 8);
      tail.store(t + 1, std::memory_order_release);
    }
  });
  long sum = 0;
  for (long i = 0; i < kItems; ++i) {
    unsigned h = head.load(std::memory_order_relaxed);
    while (tail.load(std::memory_order_acquire) == h) std::this_thread::yield();
    const Slot &s = ring[h % kSize];
    if (s.seq != i) return 1;
    sum += s.a + s.b;
    head.store(h + 1, std::memory_order_release);
  }
  producer.join();
  std::printf("sum = %ld\n", sum);
  return 0;
}
