// Sync (clean): std::timed_mutex with try_lock_for (a timed lock: pthread_mutex_clocklock or
// pthread_mutex_timedlock underneath) and try_lock; a plain counter is only touched while
// the lock is held.
// RACELIGHT-EXPECT: none
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

std::timed_mutex tm;
long counter;

int main() {
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t) {
    ts.emplace_back([t] {
      int done = 0;
      while (done < 1000) {
        bool got = (t % 2) ? tm.try_lock_for(std::chrono::microseconds(100)) : tm.try_lock();
        if (!got) continue;
        ++counter;
        ++done;
        tm.unlock();
      }
    });
  }
  for (auto &t : ts) t.join();
  std::printf("counter = %ld\n", counter);
  return counter == 4000 ? 0 : 1;
}
