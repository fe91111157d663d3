// Sync (racy): a release sequence broken by a plain store. The writer fills data and stores
// the flag (1) with release; a third thread, after seeing 1 (relaxed), overwrites the flag
// with 2 using a relaxed STORE (not a read-modify-write, so it does not continue the release
// sequence and carries no release of its own). The reader's acquire load of 2 therefore
// synchronizes with nothing: the data read races with the data write. (The reader waits
// with relaxed loads: an acquire load that read 1 would synchronize with the writer.)
// RACELIGHT-EXPECT: data-race lines=@W,@R var=data
#include <atomic>
#include <cstdio>
#include <thread>

int data;
std::atomic<int> flag{0};

int main() {
  std::thread writer([] {
    data = 1; // @W
    flag.store(1, std::memory_order_release);
  });
  std::thread overwriter([] {
    while (flag.load(std::memory_order_relaxed) != 1) std::this_thread::yield();
    flag.store(2, std::memory_order_relaxed);
  });
  std::thread reader([] {
    while (flag.load(std::memory_order_relaxed) != 2) std::this_thread::yield();
    if (flag.load(std::memory_order_acquire) != 2) return;  // reads 2: nothing stores later
    std::printf("data = %d\n", data); // @R
  });
  writer.join();
  overwriter.join();
  reader.join();
  return 0;
}
