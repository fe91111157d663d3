// Sync (clean): C++20 std::atomic::wait / notify_one. The producer writes plain data, stores
// the sequence number with release and notifies; the consumer waits (acquire) for the value
// to change and reads the data, then acknowledges the same way. 200 round trips.
// RACELIGHT-FLAGS: -std=c++20
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>

std::atomic<int> seq{0}, ack{0};
long data[4];

int main() {
  std::thread consumer([] {
    long sum = 0;
    for (int i = 1; i <= 200; ++i) {
      seq.wait(i - 1, std::memory_order_acquire);
      sum += data[0] + data[3];
      ack.store(i, std::memory_order_release);
      ack.notify_one();
    }
    std::printf("sum = %ld\n", sum);
  });
  for (int i = 1; i <= 200; ++i) {
    for (long &d : data) d = i;
    seq.store(i, std::memory_order_release);
    seq.notify_one();
    ack.wait(i - 1, std::memory_order_acquire);
  }
  consumer.join();
  return 0;
}
