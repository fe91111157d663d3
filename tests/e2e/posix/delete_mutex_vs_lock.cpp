// POSIX sync-object memory (racy): a worker locks and unlocks a heap std::mutex; main
// deletes it with nothing ordering the delete after the worker's use (a relaxed flag orders
// nothing). The delete frees memory the lock read: a data race with the free. (The lock's
// own line is inside <mutex> at -O0, hence `*`.)
// RACELIGHT-EXPECT: data-race subkind=free lines=*,@DELETE vartype=heap
#include <atomic>
#include <mutex>
#include <thread>

std::atomic<int> done;
int counter;

int main() {
  std::mutex *m = new std::mutex;
  std::thread t([m] {
    m->lock();
    counter++;
    m->unlock();
    done.store(1, std::memory_order_relaxed);
  });
  while (!done.load(std::memory_order_relaxed)) {
  }
  delete m; // @DELETE
  t.join();
  return counter == 1 ? 0 : 1;
}
