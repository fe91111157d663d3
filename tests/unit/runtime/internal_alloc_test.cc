// InternalObjectPool (runtime/internal_alloc.h): distinct, aligned, zero-filled objects from
// memory of the pool's own; freed objects are reused; many threads at once. Also built with
// -fsanitize=thread (the pool then passes through to malloc, so that TSan checks the users).
#include "internal_alloc.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

using rl::InternalObjectPool;

// (Under TSan the pool is malloc: reuse order is malloc's.)
#if defined(__SANITIZE_THREAD__)
#define POOL_IS_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define POOL_IS_MALLOC 1
#endif
#endif

namespace {

bool Zeroed(const void *p, size_t n) {
  const unsigned char *b = static_cast<const unsigned char *>(p);
  for (size_t i = 0; i < n; ++i)
    if (b[i]) return false;
  return true;
}

TEST(InternalObjectPool, ObjectsAreDistinctAlignedAndZeroed) {
  static InternalObjectPool pool(40);  // rounded up to 48
  std::vector<char *> objects;
  // More than one 1 MiB chunk's worth, so that a new chunk is mapped on the way.
  for (int i = 0; i < 30000; ++i) {
    char *p = static_cast<char *>(pool.Allocate());
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u);
    ASSERT_TRUE(Zeroed(p, 40)) << i;
    memset(p, 0xab, 40);  // would show in a neighbour that overlapped
    objects.push_back(p);
  }
  std::set<char *> distinct(objects.begin(), objects.end());
  EXPECT_EQ(distinct.size(), objects.size());
  for (char *p : objects)
    for (int k = 0; k < 40; ++k) ASSERT_EQ(static_cast<unsigned char>(p[k]), 0xab);
  for (char *p : objects) pool.Free(p);
}

#ifndef POOL_IS_MALLOC
TEST(InternalObjectPool, FreedObjectsAreReusedBeforeNewMemory) {
  static InternalObjectPool pool(sizeof(void *) * 3);
  void *a = pool.Allocate();
  void *b = pool.Allocate();
  pool.Free(a);
  pool.Free(b);
  // Last freed, first reused; then a new object past both.
  EXPECT_EQ(pool.Allocate(), b);
  EXPECT_EQ(pool.Allocate(), a);
  void *c = pool.Allocate();
  EXPECT_NE(c, a);
  EXPECT_NE(c, b);
}
#endif

TEST(InternalObjectPool, ThreadsAllocateAndFreeConcurrently) {
  static InternalObjectPool pool(64);
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<uint64_t *> mine;
      for (int round = 0; round < 200; ++round) {
        for (int i = 0; i < 50; ++i) {
          uint64_t *p = static_cast<uint64_t *>(pool.Allocate());
          for (int k = 0; k < 8; ++k) p[k] = uint64_t(t) << 32 | uint64_t(i);
          mine.push_back(p);
        }
        // Another thread holding the same object would have overwritten it.
        for (size_t j = 0; j < mine.size(); ++j)
          for (int k = 0; k < 8; ++k)
            if (mine[j][k] != (uint64_t(t) << 32 | uint64_t(j))) bad.fetch_add(1);
        for (uint64_t *p : mine) pool.Free(p);
        mine.clear();
      }
    });
  }
  for (auto &th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
