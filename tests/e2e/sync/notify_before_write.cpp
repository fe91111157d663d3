// Sync (racy): the producer sets `ready` and notifies under the mutex, but writes the data
// only AFTER unlocking. The consumer waits for `ready` and reads the data: ordered after the
// unlock, not after the later write.
// RACELIGHT-EXPECT: data-race lines=@LATE_W,@R var=data
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex m;
std::condition_variable cv;
bool ready = false;
int data;

int main() {
  std::thread consumer([] {
    std::unique_lock<std::mutex> lk(m);
    cv.wait(lk, [] { return ready; });
    lk.unlock();
    std::printf("data = %d\n", data); // @R
  });
  std::thread producer([] {
    {
      std::lock_guard<std::mutex> g(m);
      ready = true;
    }
    cv.notify_one();
    data = 42; // @LATE_W
  });
  producer.join();
  consumer.join();
  return 0;
}
