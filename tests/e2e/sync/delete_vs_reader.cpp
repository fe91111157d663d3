// Sync (racy): C++ version of the use-after-free race: main deletes an object that a thread
// then reads, ordered in time by a relaxed atomic only. A data race of subkind "free" between
// the delete and the read.
// RACELIGHT-EXPECT: data-race subkind=free lines=@DELETE,@R vartype=heap
#include <atomic>
#include <cstdio>
#include <thread>

struct Widget {
  long id;
  long size;
};

std::atomic<bool> deleted{false};

int main() {
  Widget *w = new Widget{1, 2};
  std::thread reader([w] {
    while (!deleted.load(std::memory_order_relaxed)) std::this_thread::yield();
    long s = w->size; // @R
    std::printf("%ld\n", s);
  });
  delete w; // @DELETE
  deleted.store(true, std::memory_order_relaxed);
  reader.join();
  return 0;
}
