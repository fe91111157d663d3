// (7) A compressor's match finder, reduced to its memory traffic: each of 2 threads owns a
// 16 MiB table of positions (a hash chain's "son" array) and an 8 MiB window of input. Every
// step it reads one pseudo-random table entry, compares two pseudo-random window bytes
// with the bytes at the current position, and writes the next table entry in sequence.
// Every 16,384 steps it publishes its progress under a mutex (a release and an acquire).
//
// Stresses: the slow path of the access check on memory no other thread touches. Random
// reads miss the cache for the program and for the shadow alike, and each periodic
// release moves the thread's epoch, so the next access to every granule finds its own
// cell of an older epoch and has to replace it. xz's match finder (lzma_mf_hc4_find) does
// this, and is where the real-program benchmark's xz profile spends most of its time.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "bench_common.h"

namespace {

constexpr int kThreads = 2;
constexpr uint32_t kTableEntries = 4u << 20;  // 16 MiB of uint32_t
constexpr uint32_t kWindowBytes = 8u << 20;
constexpr uint64_t kPublishEvery = 16384;

// The thread's state as the rest of the program sees it (a compressor's coder struct): the
// buffers are reachable from here, so to the pass they escape the thread, as they do in xz
// and zstd. (Buffers only the worker ever sees would be elided by rule (g) and cost
// nothing.)
struct Progress {
  std::mutex mu;
  uint64_t steps = 0;
  uint32_t *table = nullptr;
  unsigned char *window = nullptr;
};

void worker(int id, uint64_t steps, Progress *progress, bench::Padded<uint64_t> *out) {
  // Heap memory of this thread's own, as a compressor's per-thread state is.
  auto *table = static_cast<uint32_t *>(std::malloc(size_t{kTableEntries} * 4));
  auto *window = static_cast<unsigned char *>(std::malloc(kWindowBytes));
  if (!table || !window) std::abort();
  {
    std::lock_guard<std::mutex> lock(progress->mu);
    progress->table = table;
    progress->window = window;
  }
  std::memset(table, 1, size_t{kTableEntries} * 4);
  for (uint32_t i = 0; i < kWindowBytes; ++i)
    window[i] = static_cast<unsigned char>((i * 2654435761u) >> 24);

  uint32_t rng = 12345u + static_cast<uint32_t>(id);
  uint32_t next = 0;
  uint64_t matches = 0;
  for (uint64_t s = 0; s < steps; ++s) {
    rng = rng * 1664525u + 1013904223u;
    const uint32_t cur = rng % (kWindowBytes - 64);
    const uint32_t candidate = table[(rng >> 7) % kTableEntries];
    const unsigned char *pb = window + candidate % (kWindowBytes - 64);
    const unsigned char *pc = window + cur;
    if (pb[3] == pc[3] && pb[0] == pc[0]) ++matches;
    table[next] = cur;
    next = (next + 1) % kTableEntries;
    if (s % kPublishEvery == 0) {
      std::lock_guard<std::mutex> lock(progress->mu);
      progress->steps = s;
    }
  }
  out->value = bench::mix(matches, table[(rng >> 3) % kTableEntries]);
}

}  // namespace

int main() {
  const uint64_t steps = bench::scaled(8u << 20, 1000);
  Progress progress[kThreads];
  bench::Padded<uint64_t> partial[kThreads];
  std::thread threads[kThreads];
  for (int t = 0; t < kThreads; ++t)
    threads[t] = std::thread(worker, t, steps, &progress[t], &partial[t]);
  for (auto &th : threads) th.join();
  uint64_t sum = 0;
  for (int t = 0; t < kThreads; ++t) {
    sum = bench::mix(sum, partial[t].value);
    std::free(progress[t].window);
    std::free(progress[t].table);
  }
  bench::print_checksum("match_finder", sum);
  return 0;
}
