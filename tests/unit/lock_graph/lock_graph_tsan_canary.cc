// Linked only into the ThreadSanitizer build and run only by ctest lock_graph_tsan_canary,
// which expects TSan's exit code: proves the TSan build really detects races, so that its
// silence on the other tests means something.
#include <gtest/gtest.h>

#include <thread>

namespace {

TEST(TsanCanary, DeliberateDataRace) {
  int racy = 0;
  std::thread t([&] { racy = 1; });
  racy = 2;
  t.join();
  EXPECT_NE(racy, 0);
}

}  // namespace
