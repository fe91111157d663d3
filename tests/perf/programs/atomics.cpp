// (4) Atomics: two phases.
//   Work claiming: 4 threads take indices from a shared std::atomic counter with fetch_add
//   and write results[i] (plain stores to disjoint elements), also counting into shared
//   atomic statistics.
//   Message passing: 2 producer/consumer pairs, each through a lock-free single-producer
//   single-consumer ring. The producer writes a slot with plain stores and publishes it
//   with a release store of the tail; the consumer acquires the tail, reads the slot with
//   plain loads, and hands the slot back with a release store of the head.
//
// Stresses: atomic read-modify-writes and loads/stores with acquire/release ordering.
// The plain slot accesses are race-free only because of the release/acquire pairs, so a
// detector that does not model them reports false races here.
#include <atomic>
#include <thread>
#include <vector>

#include "bench_common.h"

namespace {

constexpr int kThreads = 4;
constexpr size_t kRing = 1024;  // slots per ring, power of two

// Phase 1 state.
std::atomic<uint64_t> g_next{0};
std::atomic<uint64_t> g_odd{0};
std::atomic<uint64_t> g_total{0};

void claimer(uint64_t *results, uint64_t n) {
  uint64_t mine = 0;
  for (;;) {
    uint64_t i = g_next.fetch_add(1, std::memory_order_relaxed);
    if (i >= n) break;
    uint64_t v = bench::mix(i, i * 31);
    results[i] = v;
    if (v & 1) g_odd.fetch_add(1, std::memory_order_relaxed);
    mine += v & 0xffff;
  }
  g_total.fetch_add(mine, std::memory_order_acq_rel);
}

// Phase 2: a single-producer single-consumer ring.
struct Message {
  uint64_t seq;
  uint64_t payload[3];
};

struct Ring {
  alignas(64) std::atomic<uint64_t> head{0};  // next slot to read; written by the consumer
  alignas(64) std::atomic<uint64_t> tail{0};  // next slot to write; written by the producer
  alignas(64) Message slots[kRing];
};

inline void relax(unsigned &spins) {
  // Four threads share two cores: yield rather than burn a whole time slice.
  if (++spins > 64) {
    std::this_thread::yield();
    spins = 0;
  }
}

void producer(Ring *r, uint64_t count, uint64_t seed) {
  uint64_t tail = 0;
  for (uint64_t i = 0; i < count; ++i) {
    unsigned spins = 0;
    while (tail - r->head.load(std::memory_order_acquire) >= kRing) relax(spins);
    Message &m = r->slots[tail % kRing];
    m.seq = i;
    m.payload[0] = seed + i;
    m.payload[1] = (seed + i) * 0x9e3779b97f4a7c15ULL;
    m.payload[2] = i ^ seed;
    r->tail.store(++tail, std::memory_order_release);
  }
}

void consumer(Ring *r, uint64_t count, bench::Padded<uint64_t> *out) {
  uint64_t head = 0, acc = 0;
  for (uint64_t i = 0; i < count; ++i) {
    unsigned spins = 0;
    while (r->tail.load(std::memory_order_acquire) == head) relax(spins);
    const Message &m = r->slots[head % kRing];
    if (m.seq != i) std::abort();
    acc = bench::mix(acc, m.payload[0] + m.payload[1] + m.payload[2]);
    r->head.store(++head, std::memory_order_release);
  }
  out->value = acc;
}

}  // namespace

int main() {
  // Phase 1.
  const uint64_t n = bench::scaled(1500000, 1000);
  std::vector<uint64_t> results(n);
  {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back(claimer, results.data(), n);
    for (auto &th : threads) th.join();
  }
  uint64_t sum = bench::mix(g_odd.load(), g_total.load());
  for (uint64_t i = 0; i < n; ++i) sum += results[i];

  // Phase 2.
  const uint64_t messages = bench::scaled(400000, 1000);
  static Ring rings[2];
  bench::Padded<uint64_t> got[2];
  {
    std::vector<std::thread> threads;
    for (int p = 0; p < 2; ++p) {
      threads.emplace_back(producer, &rings[p], messages, 1000003u * (p + 1));
      threads.emplace_back(consumer, &rings[p], messages, &got[p]);
    }
    for (auto &th : threads) th.join();
  }
  for (int p = 0; p < 2; ++p) sum = bench::mix(sum, got[p].value);
  bench::print_checksum("atomics", sum);
  return 0;
}
