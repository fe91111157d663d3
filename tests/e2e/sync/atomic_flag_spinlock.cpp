// Sync (clean): a spinlock on std::atomic_flag (test_and_set acquire, clear release)
// protecting a plain linked list that threads push nodes onto; main walks it after joining.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

struct Node {
  int value;
  Node *next;
};

std::atomic_flag busy = ATOMIC_FLAG_INIT;
Node *list_head;

void push(int v) {
  Node *n = new Node{v, nullptr};
  while (busy.test_and_set(std::memory_order_acquire)) std::this_thread::yield();
  n->next = list_head;
  list_head = n;
  busy.clear(std::memory_order_release);
}

int main() {
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([t] { for (int i = 0; i < 500; ++i) push(t * 1000 + i); });
  for (auto &t : ts) t.join();
  long count = 0;
  while (Node *n = list_head) {
    list_head = n->next;
    delete n;
    ++count;
  }
  std::printf("count = %ld\n", count);
  return count == 2000 ? 0 : 1;
}
