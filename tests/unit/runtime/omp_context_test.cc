// Tests of the OpenMP construct log for reports (runtime/omp_context.h).
#include "omp_context.h"

#include <gtest/gtest.h>

#include <map>

#include "report.h"

// omp_context.cc asks the thread registry when a slot's owner started; the registry is not
// a self-contained piece, so the test provides the answer.
namespace rl {
std::map<u32, u64> g_test_owner_start;  // slot -> its (only) owner's start clock
bool SlotOwnerStartAt(u32 slot, u64 clock, u64 *start) {
  auto it = g_test_owner_start.find(slot);
  if (it == g_test_owner_start.end() || it->second > clock) return false;
  *start = it->second;
  return true;
}
}  // namespace rl

namespace rl_test {
namespace {

using rl::OmpConstruct;
using rl::OmpContextInfo;
using rl::OmpContextRecord;

OmpContextRecord Parallel(rl::u32 thread_num) {
  OmpContextRecord r;
  r.construct = OmpConstruct::kParallel;
  r.has_thread_num = true;
  r.thread_num = thread_num;
  r.team_size = 4;
  return r;
}

TEST(OmpContext, AnAccessGetsTheRecordItsClockFallsIn) {
  rl::g_test_owner_start[3] = 1;
  rl::RecordOmpContext(3, 10, Parallel(1));
  rl::RecordOmpContext(3, 20, Parallel(2));
  OmpContextInfo info;
  EXPECT_FALSE(rl::FindOmpContext(3, 5, &info));  // before any record
  ASSERT_TRUE(rl::FindOmpContext(3, 15, &info));
  EXPECT_STREQ(info.construct, "parallel");
  EXPECT_EQ(info.thread_num, 1u);
  EXPECT_EQ(info.team_size, 4u);
  ASSERT_TRUE(rl::FindOmpContext(3, 20, &info));
  EXPECT_EQ(info.thread_num, 2u);
  OmpContextRecord none;  // back outside OpenMP: nothing to say
  rl::RecordOmpContext(3, 30, none);
  OmpContextInfo after;
  EXPECT_FALSE(rl::FindOmpContext(3, 31, &after));
  EXPECT_FALSE(after.present);
}

TEST(OmpContext, ARecordOfAnEarlierOwnerOfTheSlotIsNotUsed) {
  rl::RecordOmpContext(7, 10, Parallel(0));
  rl::g_test_owner_start[7] = 12;  // a new owner (a task) took the slot at clock 12
  OmpContextInfo info;
  EXPECT_FALSE(rl::FindOmpContext(7, 13, &info));
  OmpContextRecord task;
  task.construct = OmpConstruct::kTask;
  rl::RecordOmpContext(7, 12, task);
  ASSERT_TRUE(rl::FindOmpContext(7, 13, &info));
  EXPECT_STREQ(info.construct, "task");
  EXPECT_FALSE(info.has_thread_num);
}

TEST(OmpContext, OnlyTheLastRecordsAreKept) {
  rl::g_test_owner_start[9] = 1;
  for (rl::u64 c = 1; c <= 40; ++c) rl::RecordOmpContext(9, c * 10, Parallel(rl::u32(c)));
  OmpContextInfo info;
  EXPECT_FALSE(rl::FindOmpContext(9, 105, &info));  // overwritten
  ASSERT_TRUE(rl::FindOmpContext(9, 405, &info));
  EXPECT_EQ(info.thread_num, 40u);
  ASSERT_TRUE(rl::FindOmpContext(9, 255, &info));  // the 16th newest
  EXPECT_EQ(info.thread_num, 25u);
}

}  // namespace
}  // namespace rl_test
