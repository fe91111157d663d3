// Sync (clean): a ticket lock. Tickets come from a relaxed fetch_add; a thread spins until
// `serving` (acquire load) equals its ticket and releases the lock with a release store of
// the next ticket. Protects a plain counter.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

std::atomic<unsigned> next_ticket{0}, serving{0};
long counter;

void lock_ticket() {
  unsigned mine = next_ticket.fetch_add(1, std::memory_order_relaxed);
  while (serving.load(std::memory_order_acquire) != mine) std::this_thread::yield();
}

void unlock_ticket() {
  serving.store(serving.load(std::memory_order_relaxed) + 1, std::memory_order_release);
}

int main() {
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t) {
    ts.emplace_back([] {
      for (int i = 0; i < 2000; ++i) {
        lock_ticket();
        counter += 2;
        unlock_ticket();
      }
    });
  }
  for (auto &t : ts) t.join();
  std::printf("counter = %ld\n", counter);
  return counter == 16000 ? 0 : 1;
}
