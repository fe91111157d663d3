// Sync (clean): C++20 std::counting_semaphore as a bounded buffer between a producer and a
// consumer (free slots / filled slots, each slot reused 250 times); a std::binary_semaphore
// tells main that the consumer's total is ready.
// RACELIGHT-FLAGS: -std=c++20
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <semaphore>
#include <thread>

constexpr int kSlots = 4;
constexpr int kItems = 1000;
long slots[kSlots];
std::counting_semaphore<kSlots> free_slots(kSlots);
std::counting_semaphore<kSlots> filled(0);
std::binary_semaphore finished(0);
long total;

int main() {
  std::thread consumer([] {
    for (int i = 0; i < kItems; ++i) {
      filled.acquire();
      total += slots[i % kSlots];
      free_slots.release();
    }
    finished.release();
  });
  std::thread producer([] {
    for (int i = 0; i < kItems; ++i) {
      free_slots.acquire();
      slots[i % kSlots] = i;
      filled.release();
    }
  });
  finished.acquire();
  long t = total;
  std::printf("total = %ld\n", t);
  producer.join();
  consumer.join();
  return t == 499500 ? 0 : 1;
}
