// Sync (racy): std::shared_mutex misuse: a thread modifies the cache while holding only a
// std::shared_lock; a reader holds a shared_lock too. Shared holders are not ordered with
// each other, so the write races with the read.
// RACELIGHT-FLAGS: -std=c++17
// RACELIGHT-EXPECT: data-race lines=@W,@R var=cache_value
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <thread>

std::shared_mutex rw;
long cache_value;

int main() {
  std::thread updater([] {
    std::shared_lock<std::shared_mutex> lock(rw);
    cache_value = 99; // @W
  });
  std::thread reader([] {
    std::shared_lock<std::shared_mutex> lock(rw);
    long v = cache_value; // @R
    std::printf("%ld\n", v);
  });
  updater.join();
  reader.join();
  return 0;
}
