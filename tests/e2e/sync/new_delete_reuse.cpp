// Sync (clean): memory released with delete / delete[] by one thread and allocated again with
// new / new[] by another, with no synchronization between the two threads (the worker only
// sets a relaxed flag). The new object's accesses must not race with the old one's.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>

struct Record {
  long id;
  double values[6];
};

std::atomic<bool> released{false};

int main() {
  int reused = 0;
  for (int round = 0; round < 20; ++round) {
    Record *r = new Record();
    long *arr = new long[64];
    released.store(false, std::memory_order_relaxed);
    std::thread worker([r, arr] {
      r->id = 7;
      for (double &v : r->values) v = 1.5;
      for (int i = 0; i < 64; ++i) arr[i] = i;
      delete r;
      delete[] arr;
      released.store(true, std::memory_order_relaxed);
    });
    while (!released.load(std::memory_order_relaxed)) std::this_thread::yield();
    Record *again = new Record();
    long *arr2 = new long[64];
    reused += again == r;
    again->id = 8;
    for (int i = 0; i < 64; ++i) arr2[i] = -i;
    delete again;
    delete[] arr2;
    worker.join();
  }
  std::printf("reused %d\n", reused);
  return 0;
}
