// Sync (racy): a thread_local variable is private only as long as its address stays private.
// T1 publishes &tl_value under a mutex and keeps writing tl_value after unlocking; T2 picks
// the pointer up under the mutex and writes through it. The two writes after the hand-off
// race. T1 waits (relaxed atomic) for T2 to finish before exiting so the TLS stays alive.
// RACELIGHT-EXPECT: data-race lines=@OWNER,@OTHER
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

thread_local long tl_value;
std::mutex m;
long *shared_ptr_to_tls;
std::atomic<bool> other_done{false};

int main() {
  std::thread owner([] {
    {
      std::lock_guard<std::mutex> g(m);
      shared_ptr_to_tls = &tl_value;
    }
    tl_value = 1; // @OWNER
    while (!other_done.load(std::memory_order_relaxed)) std::this_thread::yield();
  });
  std::thread other([] {
    long *p = nullptr;
    while (!p) {
      std::lock_guard<std::mutex> g(m);
      p = shared_ptr_to_tls;
    }
    *p = 2; // @OTHER
    other_done.store(true, std::memory_order_relaxed);
  });
  owner.join();
  other.join();
  std::puts("done");
  return 0;
}
