// Tests of site interning (runtime/site_table.h). Also built with -fsanitize=thread
// (runtime_unit_tsan).
#include "site_table.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "rt_test_util.h"

namespace rl_test {
namespace {

using rl::SiteById;
using rl::SiteId;
using rl::u32;

std::unique_ptr<rl_site[]> MakeSites(size_t n) {
  std::unique_ptr<rl_site[]> sites(new rl_site[n]());
  for (size_t i = 0; i < n; ++i) {
    sites[i].function = "f";
    sites[i].file = "file.cc";
    sites[i].line = uint32_t(i);
  }
  return sites;
}

TEST(SiteTable, NullAndZero) {
  EXPECT_EQ(SiteId(nullptr), 0u);
  EXPECT_EQ(SiteById(0), nullptr);
}

TEST(SiteTable, InterningIsStable) {
  auto sites = MakeSites(3);
  const u32 a = SiteId(&sites[0]);
  const u32 b = SiteId(&sites[1]);
  EXPECT_NE(a, 0u);
  EXPECT_NE(b, 0u);
  EXPECT_NE(a, b);
  // The id is recorded in the site itself.
  EXPECT_EQ(sites[0].id, a);
  EXPECT_EQ(sites[1].id, b);
  for (int i = 0; i < 100; ++i) {
    ASSERT_EQ(SiteId(&sites[0]), a);
    ASSERT_EQ(SiteId(&sites[1]), b);
  }
  // An untouched site stays uninterned.
  EXPECT_EQ(sites[2].id, 0u);
  const u32 c = SiteId(&sites[2]);
  EXPECT_NE(c, a);
  EXPECT_NE(c, b);
}

TEST(SiteTable, SiteByIdRoundTrips) {
  auto sites = MakeSites(1000);
  std::set<u32> ids;
  for (size_t i = 0; i < 1000; ++i) ids.insert(SiteId(&sites[i]));
  EXPECT_EQ(ids.size(), 1000u);
  EXPECT_EQ(ids.count(0), 0u);
  for (size_t i = 0; i < 1000; ++i) {
    const u32 id = SiteId(&sites[i]);
    ASSERT_EQ(SiteById(id), &sites[i]) << i;
    ASSERT_EQ(SiteById(id)->line, uint32_t(i));
  }
}

TEST(SiteTable, UnknownIds) {
  auto sites = MakeSites(1);
  const u32 id = SiteId(&sites[0]);
  // Ids not handed out yet: inside the current chunk, in a later chunk, and past the table.
  EXPECT_EQ(SiteById(id + 1), nullptr);
  EXPECT_EQ(SiteById(id + 100), nullptr);
  EXPECT_EQ(SiteById((id | 0xffff) + 1 + 5), nullptr);
  EXPECT_EQ(SiteById(1u << 29), nullptr);
  EXPECT_EQ(SiteById(1u << 30), nullptr);
  EXPECT_EQ(SiteById(0x80000000u), nullptr);
  EXPECT_EQ(SiteById(0xffffffffu), nullptr);
}

TEST(SiteTable, ManySitesAcrossChunks) {
  // More sites than one 64 Ki-entry chunk holds.
  const size_t kSites = 70000;
  auto sites = MakeSites(kSites);
  std::vector<u32> ids(kSites);
  for (size_t i = 0; i < kSites; ++i) ids[i] = SiteId(&sites[i]);
  std::set<u32> distinct(ids.begin(), ids.end());
  EXPECT_EQ(distinct.size(), kSites);
  EXPECT_GE(*distinct.rbegin(), 1u << 16);
  for (size_t i = 0; i < kSites; ++i) {
    ASSERT_EQ(SiteById(ids[i]), &sites[i]) << i;
    ASSERT_EQ(SiteId(&sites[i]), ids[i]) << i;
  }
}

TEST(SiteTable, PreassignedIdIsTrusted) {
  // A site whose id is already set is not interned again (the id field is runtime-owned;
  // this documents that SiteId takes a non-zero id as final).
  rl_site s = {};
  s.id = 123456789;
  EXPECT_EQ(SiteId(&s), 123456789u);
}

// Eight threads intern the same sites at the same time, each in its own order. Every
// thread must see one id per site, the same in every thread, and SiteById must map it
// back to the site.
TEST(SiteTable, ConcurrentInterningGivesOneIdPerSite) {
  constexpr unsigned kThreads = 8;
  const size_t kSites = size_t(Scaled(40000));
  const int kRounds = 3;
  for (int round = 0; round < kRounds; ++round) {
    auto sites = MakeSites(kSites);
    std::vector<std::vector<u32>> seen(kThreads, std::vector<u32>(kSites));
    SpinBarrier start(kThreads);
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] {
        start.Wait();
        // Half the threads go forwards, half backwards, with different strides, so that
        // every site is contended by several threads at different moments.
        // Coprime with kSites (2^a * 5^b), so that each thread visits every site once.
        static const size_t kStrides[kThreads] = {1, 3, 7, 9, 11, 13, 17, 19};
        const size_t stride = kStrides[t];
        for (size_t k = 0; k < kSites; ++k) {
          size_t i = (k * stride + t * 997) % kSites;
          if (t & 1) i = kSites - 1 - i;
          u32 id = SiteId(&sites[i]);
          seen[t][i] = id;
          // Look the site up right away, from the interning thread.
          if (SiteById(id) != &sites[i]) seen[t][i] = 0;
        }
      });
    for (auto &th : threads) th.join();

    std::set<u32> distinct;
    for (size_t i = 0; i < kSites; ++i) {
      const u32 id = sites[i].id;
      ASSERT_NE(id, 0u) << "site " << i;
      for (unsigned t = 0; t < kThreads; ++t)
        ASSERT_EQ(seen[t][i], id) << "site " << i << " thread " << t;
      ASSERT_EQ(SiteById(id), &sites[i]) << "site " << i;
      distinct.insert(id);
    }
    EXPECT_EQ(distinct.size(), kSites);
  }
}

// Lookups by id from other threads while the interning thread publishes ids: a reader that
// learns an id through the site must find the site.
TEST(SiteTable, ConcurrentLookupOfFreshIds) {
  const size_t kSites = size_t(Scaled(40000));
  auto sites = MakeSites(kSites);
  std::atomic<bool> done{false};
  std::atomic<size_t> failures{0};
  std::thread writer([&] {
    for (size_t i = 0; i < kSites; ++i) SiteId(&sites[i]);
    done.store(true, std::memory_order_release);
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r)
    readers.emplace_back([&, r] {
      size_t i = r;
      while (!done.load(std::memory_order_acquire)) {
        const u32 id = __atomic_load_n(&sites[i].id, __ATOMIC_ACQUIRE);
        if (id && SiteById(id) != &sites[i]) failures.fetch_add(1);
        i = (i + 7) % kSites;
      }
    });
  writer.join();
  for (auto &th : readers) th.join();
  EXPECT_EQ(failures.load(), 0u);
}

}  // namespace
}  // namespace rl_test
