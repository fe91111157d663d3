#include "baseline.h"
#include "run.h"
#include "test_util.h"

namespace racelight::test {
namespace {

ReportSet gate(const std::vector<std::string>& known, const std::vector<std::string>& now,
               const std::string& supp = "") {
  Baseline b;
  for (const Report& r : load(known)) b.add(r);
  Suppressions s;
  std::string error;
  EXPECT_TRUE(s.parse(supp, "t", error));
  return process_reports(load(now), s, &b);
}

TEST(Baseline, NewKnownFixed) {
  ReportSet same = gate({"all.jsonl"}, {"all.jsonl", "data_race_rerun.jsonl"});
  EXPECT_EQ(same.summary.reports, 0u);
  EXPECT_EQ(same.summary.known, 5u);
  EXPECT_EQ(same.summary.fixed, 0u);

  ReportSet fresh = gate({"all.jsonl"}, {"deadlock.jsonl", "future_kind.jsonl"});
  ASSERT_EQ(fresh.shown.size(), 1u);
  EXPECT_EQ(fresh.shown[0].kind, "thread-leak");
  EXPECT_EQ(fresh.all.size(), 1u);  // json output holds only the new ones
  EXPECT_EQ(fresh.summary.known, 1u);
  // 6 distinct reports in the baseline (one suppressed by the runtime), deadlock still there.
  EXPECT_EQ(fresh.summary.fixed, 5u);
}

TEST(Baseline, SuppressedAreNeitherNewNorFixed) {
  ReportSet set = gate({"data_race.jsonl"}, {"data_race.jsonl", "deadlock.jsonl"}, "deadlock:*");
  EXPECT_EQ(set.summary.reports, 0u);
  EXPECT_EQ(set.summary.suppressed, 1u);
  ReportSet later = gate({"data_race.jsonl"}, {"data_race.jsonl"}, "race:*");
  EXPECT_EQ(later.summary.fixed, 0u);
}

TEST(Baseline, StoredFingerprintAccepted) {
  Baseline b;
  Report r = parse(R"J({"kind":"data-race","fingerprint":"00000000deadbeef","events":[]})J");
  b.add(r);
  Report other = parse(R"J({"kind":"deadlock","events":[]})J");
  other.fingerprint = "00000000deadbeef";
  EXPECT_TRUE(b.contains(other));
}

TEST(RunOptions, ExtendsTheUsersOptions) {
  EXPECT_EQ(extend_racelight_options("", "/tmp/r.jsonl"),
            "log_path=/dev/null report_path=/tmp/r.jsonl exitcode=0");
  EXPECT_EQ(extend_racelight_options("verbosity=2:color=never", "/tmp/r.jsonl"),
            "verbosity=2:color=never log_path=/dev/null report_path=/tmp/r.jsonl exitcode=0");
  EXPECT_EQ(extend_racelight_options("exitcode=5 report_path=/x  ", "/tmp/r.jsonl"),
            "exitcode=5 report_path=/x log_path=/dev/null report_path=/tmp/r.jsonl exitcode=0");
  // A log_path of the user's is kept.
  EXPECT_EQ(extend_racelight_options("log_path=stderr:", "/t"),
            "log_path=stderr report_path=/t exitcode=0");
}

TEST(RunOptions, LastKeyWins) {
  EXPECT_EQ(racelight_option("suppressions=/a.supp verbosity=1", "suppressions"), "/a.supp");
  EXPECT_EQ(racelight_option("suppressions=/a:suppressions=/b", "suppressions"), "/b");
  EXPECT_EQ(racelight_option("xsuppressions=/a", "suppressions"), "");
  EXPECT_EQ(racelight_option("", "suppressions"), "");
  EXPECT_EQ(racelight_option("suppressions='/my dir/a.supp',verbosity=1", "suppressions"),
            "/my dir/a.supp");
  EXPECT_EQ(racelight_option("suppressions=\"/x:y\"", "suppressions"), "/x:y");
  EXPECT_EQ(racelight_option("bogus suppressions=/c", "suppressions"), "/c");
}

}  // namespace
}  // namespace racelight::test
