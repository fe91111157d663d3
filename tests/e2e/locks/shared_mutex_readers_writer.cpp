// Locks (clean): std::shared_mutex used correctly. Readers hold std::shared_lock at the same
// time (they meet at a std::barrier inside the read section) and also use try_lock_shared;
// a writer updates under std::unique_lock in between; readers read again afterwards.
// Nothing to report.
// RACELIGHT-FLAGS: -std=c++20
// RACELIGHT-EXPECT: none
#include <barrier>
#include <cstdio>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

std::shared_mutex rw;
std::barrier inside(3), phase(4);
int version = 1, values[4] = {1, 2, 3, 4};

long read_all() {
  long s = 0;
  for (int v : values) s += version * v;
  return s;
}

int main() {
  long sums[3] = {};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([r, &sums] {
      {
        std::shared_lock<std::shared_mutex> lock(rw);
        inside.arrive_and_wait();  // all three hold the shared side now
        sums[r] += read_all();
      }
      phase.arrive_and_wait();  // let the writer in
      phase.arrive_and_wait();  // the writer is done
      while (!rw.try_lock_shared()) {}
      sums[r] += read_all();
      rw.unlock_shared();
    });
  }
  phase.arrive_and_wait();
  {
    std::unique_lock<std::shared_mutex> lock(rw);
    version = 2;
    for (int &v : values) v *= 10;
  }
  phase.arrive_and_wait();
  for (auto &t : readers) t.join();
  std::printf("sums %ld %ld %ld\n", sums[0], sums[1], sums[2]);
  return sums[0] == 210 && sums[1] == 210 && sums[2] == 210 ? 0 : 1;
}
