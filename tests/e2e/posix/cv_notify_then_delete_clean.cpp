// POSIX sync-object memory (clean): a heap object with a std::mutex and a
// std::condition_variable; the worker notifies while holding the mutex, and the waiter,
// woken, deletes the object (its destructor destroys the condition variable) while the
// worker may still be running. The notify and the unlock are ordered before the waiter's
// re-lock, so before the destroy and the free: nothing is reported.
// RACELIGHT-FLAGS: -std=c++17
// RACELIGHT-EXPECT: none
#include <condition_variable>
#include <mutex>
#include <thread>

struct Completion {
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
};

int main() {
  for (int round = 0; round < 20; ++round) {
    Completion *c = new Completion;
    std::thread t([c] {
      std::lock_guard<std::mutex> g(c->m);
      c->done = true;
      c->cv.notify_one();
    });
    {
      std::unique_lock<std::mutex> l(c->m);
      c->cv.wait(l, [c] { return c->done; });
    }
    delete c;
    t.join();
  }
  return 0;
}
