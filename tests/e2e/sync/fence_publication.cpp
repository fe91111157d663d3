// Sync (clean): publication with relaxed atomics and explicit fences. The writer fills plain
// data, issues atomic_thread_fence(release), then sets a relaxed flag; the reader spins on
// the relaxed flag, then issues atomic_thread_fence(acquire) before reading the data. The
// fences synchronize (fence-to-fence), so the plain accesses are ordered.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>

int data[32];
std::atomic<int> flag{0};

int main() {
  std::thread writer([] {
    for (int i = 0; i < 32; ++i) data[i] = i * 3;
    std::atomic_thread_fence(std::memory_order_release);
    flag.store(1, std::memory_order_relaxed);
  });
  std::thread reader([] {
    while (flag.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
    std::atomic_thread_fence(std::memory_order_acquire);
    long sum = 0;
    for (int v : data) sum += v;
    std::printf("sum = %ld\n", sum);
    data[0] = -1;  // the reader may even write: it is ordered after the writer
  });
  writer.join();
  reader.join();
  return data[0] == -1 ? 0 : 1;
}
