// Sync (racy): the writer has a release fence before its relaxed flag store, but the reader
// has no acquire fence after its relaxed flag load: fence-based publication needs both
// fences, so the data accesses race.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=table
#include <atomic>
#include <cstdio>
#include <thread>

int table[8];
std::atomic<int> flag{0};

int main() {
  std::thread writer([] {
    table[3] = 9; // @W
    std::atomic_thread_fence(std::memory_order_release);
    flag.store(1, std::memory_order_relaxed);
  });
  std::thread reader([] {
    while (flag.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
    int v = table[3]; // @R
    std::printf("%d\n", v);
  });
  writer.join();
  reader.join();
  return 0;
}
