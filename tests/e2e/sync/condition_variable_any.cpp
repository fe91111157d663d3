// Sync (clean): std::condition_variable_any waiting on a std::unique_lock<std::shared_mutex>
// (a lock type std::condition_variable does not accept). A writer publishes versions of a
// plain array under the exclusive lock; the waiter wakes on each version and reads the array.
// RACELIGHT-FLAGS: -std=c++17
// RACELIGHT-EXPECT: none
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <thread>

std::shared_mutex sm;
std::condition_variable_any cv;
int version = 0, acked = 0;
int values[10];

int main() {
  std::thread writer([] {
    for (int v = 1; v <= 50; ++v) {
      std::unique_lock<std::shared_mutex> lk(sm);
      cv.wait(lk, [v] { return acked == v - 1; });
      for (int &x : values) x = v;
      version = v;
      cv.notify_all();
    }
  });
  long sum = 0;
  for (int seen = 1; seen <= 50; ++seen) {
    std::unique_lock<std::shared_mutex> lk(sm);
    cv.wait(lk, [seen] { return version == seen; });
    for (int x : values) sum += x;
    acked = seen;
    cv.notify_all();
  }
  writer.join();
  std::printf("sum = %ld\n", sum);
  return sum == 12750 ? 0 : 1;
}
