#include <cstring>
#include <map>

#include "test_util.h"

namespace racelight::test {
namespace {

const char kRace[] =
    R"J({"kind":"data-race","message":"data race on global 'x' (4 bytes)","pid":PID,)J"
    R"J("program":"/tmp/PROG","events":[)J"
    R"J({"role":"current-access","thread":T1,"description":"Write of size 4 at ADDR by thread T1",)J"
    R"J("stack":[{"function":"inc","file":"DIR/racy.c","line":LINE,"column":COL},)J"
    R"J({"function":"main","file":"DIR/racy.c","line":20,"column":3}],)J"
    R"J("access":{"type":"write","size":4,"address":"ADDR","atomic":false}},)J"
    R"J({"role":"previous-access","thread":T2,"description":"Previous read at ADDR by thread T2",)J"
    R"J("stack":[{"function":"get","file":"DIR/racy.c","line":9,"column":10}]}]})J";

std::string make(std::map<std::string, std::string> vars) {
  std::map<std::string, std::string> defaults = {{"PID", "100"}, {"PROG", "a.out"},
                                                 {"T1", "1"},    {"T2", "2"},
                                                 {"ADDR", "0x1000"}, {"DIR", "/src"},
                                                 {"LINE", "5"},  {"COL", "7"}};
  for (auto& kv : vars) defaults[kv.first] = kv.second;
  std::string s = kRace;
  // Longest names first so "T1" does not clobber anything else.
  for (const char* key : {"ADDR", "PROG", "LINE", "DIR", "PID", "COL", "T1", "T2"}) {
    for (size_t p = s.find(key); p != std::string::npos; p = s.find(key, p))
      s.replace(p, std::strlen(key), defaults[key]);
  }
  return s;
}

TEST(Fingerprint, IsSixteenHexDigits) {
  std::string fp = parse(make({})).fingerprint;
  ASSERT_EQ(fp.size(), 16u);
  EXPECT_EQ(fp.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(Fingerprint, IgnoresAddressesThreadsPidsProgramsColumnsAndDirectories) {
  std::string base = parse(make({})).fingerprint;
  EXPECT_EQ(base, parse(make({{"ADDR", "0x7fffdeadbeef"}})).fingerprint);
  EXPECT_EQ(base, parse(make({{"T1", "7"}, {"T2", "3"}})).fingerprint);
  EXPECT_EQ(base, parse(make({{"PID", "99999"}})).fingerprint);
  EXPECT_EQ(base, parse(make({{"PROG", "other/binary"}})).fingerprint);
  EXPECT_EQ(base, parse(make({{"COL", "12"}})).fingerprint);
  EXPECT_EQ(base, parse(make({{"DIR", "/home/ci/checkout/src"}})).fingerprint);
}

TEST(Fingerprint, ChangesWithLineFunctionFileKindAndSubkind) {
  Report base = parse(make({}));
  EXPECT_NE(base.fingerprint, parse(make({{"LINE", "6"}})).fingerprint);
  std::string renamed = make({});
  renamed.replace(renamed.find("\"inc\""), 5, "\"dec\"");
  EXPECT_NE(base.fingerprint, parse(renamed).fingerprint);
  std::string other_file = make({});
  other_file.replace(other_file.find("racy.c"), 6, "calm.c");
  EXPECT_NE(base.fingerprint, parse(other_file).fingerprint);
  Report kind = base;
  kind.kind = "deadlock";
  EXPECT_NE(base.fingerprint, compute_fingerprint(kind));
  Report sub = base;
  sub.subkind = "free";
  EXPECT_NE(base.fingerprint, compute_fingerprint(sub));
}

TEST(Fingerprint, DoesNotDependOnEventOrder) {
  Report r = parse(make({}));
  std::swap(r.events[0], r.events[1]);
  EXPECT_EQ(parse(make({})).fingerprint, compute_fingerprint(r));
}

TEST(Fingerprint, UsesOnlyTheTopUserFrame) {
  Report r = parse(make({}));
  std::string fp = r.fingerprint;
  // Callers below the top user frame do not matter...
  r.events[0].stack[1].line = 999;
  EXPECT_EQ(fp, compute_fingerprint(r));
  // ...nor do system-header frames above it.
  r.events[0].stack.insert(r.events[0].stack.begin(),
                           Frame{"std::vector<int>::push_back", "/usr/include/c++/12/bits/stl_vector.h",
                                 1287, 9});
  EXPECT_EQ(fp, compute_fingerprint(r));
  // ...nor frames the runtime marked "system" (a system header outside /usr).
  Report marked = parse(R"J({"kind":"data-race","events":[{"stack":[)J"
                        R"J({"function":"lock","file":"/opt/sdk/include/m.h","line":3,"system":true},)J"
                        R"J({"function":"inc","file":"/src/racy.c","line":5}]},)J"
                        R"J({"stack":[{"function":"get","file":"/src/racy.c","line":9}]}]})J");
  EXPECT_EQ(fp, marked.fingerprint);
}

TEST(Fingerprint, InputIsDocumented) {
  Report r = parse(make({}));
  std::string in = fingerprint_input(r);
  EXPECT_EQ(in,
            "racelight/v1\x1f" "data-race\x1f\x1f"
            "get\x1fracy.c\x1f" "9\x1e"
            "inc\x1fracy.c\x1f" "5\x1e");
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);  // FNV-1a 64 test vector
}

TEST(Fingerprint, SameAcrossFixtureReruns) {
  auto a = load({"data_race.jsonl"});
  auto b = load({"data_race_rerun.jsonl"});
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(compute_fingerprint(a[0]), compute_fingerprint(b[0]));
  EXPECT_EQ(compute_fingerprint(a[0]), compute_fingerprint(b[1]));
}

TEST(Fingerprint, EmptyStacksAreStable) {
  Report r = parse(R"J({"kind":"deadlock","events":[{"role":"waiting","thread":1,"stack":[]}]})J");
  Report s = parse(R"J({"kind":"deadlock","events":[{"role":"waiting","thread":5}]})J");
  EXPECT_EQ(r.fingerprint, s.fingerprint);
}

}  // namespace
}  // namespace racelight::test
