// Sync (clean): timed waits. The consumer polls with condition_variable::wait_for (a
// steady-clock wait: pthread_cond_clockwait in libstdc++) with a short timeout, so most waits
// time out; the producer updates shared data under the mutex. Ordering comes from the mutex
// whether a wait ended by notification or by timeout.
// RACELIGHT-EXPECT: none
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex m;
std::condition_variable cv;
int stage = 0;
int data[16];

int main() {
  std::thread producer([] {
    for (int s = 1; s <= 5; ++s) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      std::lock_guard<std::mutex> g(m);
      for (int &d : data) d = s;
      stage = s;
      cv.notify_one();
    }
  });
  long sum = 0;
  int seen = 0, timeouts = 0;
  std::unique_lock<std::mutex> lk(m);
  while (seen < 5) {
    if (!cv.wait_for(lk, std::chrono::microseconds(300), [&] { return stage > seen; })) {
      ++timeouts;
      continue;
    }
    seen = stage;
    for (int d : data) sum += d;
  }
  lk.unlock();
  producer.join();
  std::printf("sum %ld after %d timeouts\n", sum, timeouts);
  return 0;
}
