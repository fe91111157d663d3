// Sync (clean): a lock-free stack. Four producers allocate and fill nodes, then push them
// with compare_exchange_weak(release); a consumer concurrently takes the whole list with
// exchange(nullptr, acquire), reads and deletes the nodes. A node pushed by one producer and
// covered by another producer's later CAS is still ordered: CAS chains continue release
// sequences.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

struct Node {
  long value;
  long extra[3];
  Node *next;
};

std::atomic<Node *> top{nullptr};
std::atomic<int> producers_done{0};

void produce(int id) {
  for (int i = 0; i < 2000; ++i) {
    Node *n = new Node;
    n->value = id * 100000 + i;
    n->extra[0] = n->extra[1] = n->extra[2] = i;
    n->next = top.load(std::memory_order_relaxed);
    while (!top.compare_exchange_weak(n->next, n, std::memory_order_release,
                                      std::memory_order_relaxed)) {
    }
  }
  producers_done.fetch_add(1, std::memory_order_release);
}

int main() {
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i) ts.emplace_back(produce, i);
  long count = 0, sum = 0;
  for (;;) {
    bool last = producers_done.load(std::memory_order_acquire) == 4;
    Node *n = top.exchange(nullptr, std::memory_order_acquire);
    while (n) {
      sum += n->extra[0] + n->extra[2];
      Node *next = n->next;
      delete n;
      n = next;
      ++count;
    }
    if (last) break;
    std::this_thread::yield();
  }
  for (auto &t : ts) t.join();
  std::printf("count = %ld sum = %ld\n", count, sum);
  return count == 8000 ? 0 : 1;
}
