// Locks (tutorial port): a recursive factorial that takes a non-recursive std::mutex around
// each recursive call. The second level re-acquires the mutex its own caller holds, which can
// never succeed: Racelight must report a self deadlock (where the mutex was first taken, where
// it is taken again) before the thread blocks, then end the process with status 66.
// RACELIGHT-EXPECT: deadlock subkind=self lines=@RELOCK,@FIRST
// RACELIGHT-TIMEOUT: 5
#include <cstdio>
#include <mutex>

std::mutex lock;

__attribute__((noinline)) long factorial(long n) {
  if (n == 1) return 1;
  lock.lock(); // @FIRST @RELOCK
  long out = n * factorial(n - 1);
  lock.unlock();
  return out;
}

int main() {
  long f = factorial(5);
  std::printf("5! = %ld\n", f);  // never reached: the second level deadlocks
  return 0;
}
