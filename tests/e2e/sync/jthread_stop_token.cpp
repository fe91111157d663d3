// Sync (clean): C++20 std::jthread and std::stop_token. Workers loop until stop is requested,
// writing their own progress; a std::stop_callback registered by main writes a plain flag;
// jthread's destructor requests stop and joins, after which main reads everything.
// RACELIGHT-FLAGS: -std=c++20
// RACELIGHT-EXPECT: none
#include <atomic>
#include <chrono>
#include <cstdio>
#include <stop_token>
#include <thread>
#include <vector>

long progress[3];
int callback_ran;
std::atomic<int> started{0};

int main() {
  {
    std::vector<std::jthread> workers;
    for (int i = 0; i < 3; ++i) {
      workers.emplace_back([i](std::stop_token st) {
        started.fetch_add(1);
        while (!st.stop_requested()) {
          progress[i]++;
          std::this_thread::yield();
        }
      });
    }
    std::stop_callback cb(workers[0].get_stop_token(), [] { callback_ran = 1; });
    while (started.load() < 3) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    workers[0].request_stop();
  }  // remaining jthreads: request_stop() + join()
  std::printf("callback %d, progress %ld %ld %ld\n", callback_ran, progress[0] > 0,
              progress[1] > 0, progress[2] > 0);
  return callback_ran == 1 ? 0 : 1;
}
