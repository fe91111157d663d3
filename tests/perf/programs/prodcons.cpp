// (6) Producer/consumer queue: 2 producers and 2 consumers share a bounded queue guarded by
// a std::mutex and two std::condition_variables (not-full, not-empty). Each item owns a
// heap buffer the producer allocates and fills; the consumer that takes it reads and frees
// it, so the buffer's ownership moves between threads through the queue.
//
// Stresses: condition-variable waits and signals (the mutex is released and re-acquired
// inside wait), malloc/free of memory touched by two threads, and the plain accesses to
// the queue itself, all ordered by the one mutex.
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "bench_common.h"

namespace {

constexpr int kProducers = 2;
constexpr int kConsumers = 2;
constexpr size_t kCapacity = 256;
constexpr size_t kItemWords = 24;

struct Item {
  uint64_t producer;
  uint64_t index;
  uint32_t *data;  // kItemWords words, owned by whoever holds the item
};

class BoundedQueue {
 public:
  void push(Item item) {
    std::unique_lock<std::mutex> lock(mu_);
    not_full_.wait(lock, [this] { return count_ < kCapacity; });
    ring_[(head_ + count_) % kCapacity] = item;
    ++count_;
    lock.unlock();
    not_empty_.notify_one();
  }

  // Returns false once the queue is closed and drained.
  bool pop(Item *item) {
    std::unique_lock<std::mutex> lock(mu_);
    not_empty_.wait(lock, [this] { return count_ > 0 || closed_; });
    if (count_ == 0) return false;
    *item = ring_[head_];
    head_ = (head_ + 1) % kCapacity;
    --count_;
    lock.unlock();
    not_full_.notify_one();
    return true;
  }

  void close() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closed_ = true;
    }
    not_empty_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  Item ring_[kCapacity];
  size_t head_ = 0, count_ = 0;
  bool closed_ = false;
};

void produce(BoundedQueue *q, uint64_t id, uint64_t count) {
  for (uint64_t i = 0; i < count; ++i) {
    uint32_t *data = new uint32_t[kItemWords];
    for (size_t w = 0; w < kItemWords; ++w)
      data[w] = static_cast<uint32_t>((id + 1) * 2654435761u + i * 40503u + w);
    q->push(Item{id, i, data});
  }
}

void consume(BoundedQueue *q, bench::Padded<uint64_t> *sum, bench::Padded<uint64_t> *items) {
  Item item;
  uint64_t acc = 0, n = 0;
  while (q->pop(&item)) {
    uint64_t h = item.producer * 1000003u + item.index;
    for (size_t w = 0; w < kItemWords; ++w) h = h * 31 + item.data[w];
    delete[] item.data;
    acc += h;  // commutative: the split between consumers does not matter
    ++n;
  }
  sum->value = acc;
  items->value = n;
}

}  // namespace

int main() {
  const uint64_t per_producer = bench::scaled(120000, 100);
  BoundedQueue queue;
  bench::Padded<uint64_t> sums[kConsumers], counts[kConsumers];

  std::vector<std::thread> consumers, producers;
  for (int c = 0; c < kConsumers; ++c) consumers.emplace_back(consume, &queue, &sums[c], &counts[c]);
  for (int p = 0; p < kProducers; ++p) producers.emplace_back(produce, &queue, p, per_producer);
  for (auto &th : producers) th.join();
  queue.close();
  for (auto &th : consumers) th.join();

  uint64_t total = 0, items = 0;
  for (int c = 0; c < kConsumers; ++c) {
    total += sums[c].value;
    items += counts[c].value;
  }
  if (items != per_producer * kProducers) {
    std::printf("consumed %llu items, expected %llu\n", (unsigned long long)items,
                (unsigned long long)(per_producer * kProducers));
    return 1;
  }
  bench::print_checksum("prodcons", bench::mix(total, items));
  return 0;
}
