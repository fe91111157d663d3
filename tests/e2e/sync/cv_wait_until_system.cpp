// Sync (clean): condition_variable::wait_until with a system_clock deadline (libstdc++ uses
// pthread_cond_timedwait for it) in a ping-pong between two threads; each side writes the
// shared buffer under the mutex before handing the turn over.
// RACELIGHT-EXPECT: none
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex m;
std::condition_variable cv;
int turn = 0;
int buffer[8];

void player(int me, int rounds) {
  for (int r = 0; r < rounds; ++r) {
    std::unique_lock<std::mutex> lk(m);
    while (turn != me) {
      auto deadline = std::chrono::system_clock::now() + std::chrono::milliseconds(1);
      cv.wait_until(lk, deadline);
    }
    for (int &b : buffer) b += me + 1;
    turn = 1 - me;
    cv.notify_all();
  }
}

int main() {
  std::thread a(player, 0, 300), b(player, 1, 300);
  a.join();
  b.join();
  std::printf("buffer[0] = %d\n", buffer[0]);
  return buffer[0] == 900 ? 0 : 1;
}
