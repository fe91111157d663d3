// Locks (tutorial port, clean): the fix for factorial_plain_lock.cpp. The factorial takes a
// std::recursive_mutex around each recursive call, so every level re-enters the lock its
// caller holds; two threads compute factorials concurrently and add them to a total under
// the lock. No deadlock, no misuse, no race: nothing to report.
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <mutex>
#include <thread>

std::recursive_mutex lock;
long total;

__attribute__((noinline)) long factorial(long n) {
  if (n == 1) return 1;
  lock.lock();
  long out = n * factorial(n - 1);
  lock.unlock();
  return out;
}

void worker(long n) {
  for (int i = 0; i < 100; ++i) {
    long f = factorial(n);
    std::lock_guard<std::recursive_mutex> guard(lock);
    total += f;
  }
}

int main() {
  std::thread a(worker, 5), b(worker, 10);
  a.join();
  b.join();
  std::printf("total = %ld\n", total);
  return total == 100 * (120L + 3628800L) ? 0 : 1;
}
