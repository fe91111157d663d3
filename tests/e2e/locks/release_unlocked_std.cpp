// Locks (tutorial port): "release unlocked lock" with a std::mutex. A worker thread takes and
// releases the mutex; after joining it, main calls unlock() on the mutex nobody holds.
// Racelight must report mutex-misuse unlock-unlocked at main's unlock() call (no owner, so
// no lock-held event).
// RACELIGHT-EXPECT: mutex-misuse subkind=unlock-unlocked lines=@UNLOCK
#include <cstdio>
#include <mutex>
#include <thread>

std::mutex lock;
int hogged;

int main() {
  std::thread t([] {
    lock.lock();
    hogged = 1;
    lock.unlock();
  });
  t.join();
  lock.unlock(); // @UNLOCK
  std::printf("hogged = %d\n", hogged);
  return hogged == 1 ? 0 : 1;
}
