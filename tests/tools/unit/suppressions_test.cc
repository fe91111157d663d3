#include "test_util.h"

namespace racelight::test {
namespace {

TEST(TemplateMatch, WildcardsAndAnchors) {
  struct Case {
    const char* pattern;
    const char* text;
    bool match;
  } cases[] = {
      {"worker", "worker", true},
      {"work", "my_worker_fn", true},          // no anchors: substring
      {"^work", "my_worker_fn", false},
      {"^my_work", "my_worker_fn", true},
      {"fn$", "my_worker_fn", true},
      {"work$", "my_worker_fn", false},
      {"^worker$", "worker", true},
      {"^worker$", "worker2", false},
      {"^worker$", "a_worker", false},
      {"w*r", "my_worker_fn", true},
      {"^m*_fn$", "my_worker_fn", true},
      {"^m*_fx$", "my_worker_fn", false},
      {"*", "", true},
      {"*", "anything", true},
      {"^$", "", true},
      {"^$", "x", false},
      {"a*b*c", "xxaxxbxxcxx", true},
      {"a*b*c", "xxcxxbxxaxx", false},
      {"^ab*ab$", "ab", false},              // the two pieces may not overlap
      {"^ab*ab$", "abab", true},
      {"std::*::lock", "std::mutex::lock()", true},
      {"src/legacy/*.c", "/home/ci/src/legacy/stats.c", true},
  };
  for (const Case& c : cases)
    EXPECT_EQ(template_match(c.pattern, c.text), c.match)
        << "pattern '" << c.pattern << "' text '" << c.text << "'";
}

TEST(Suppressions, TypesApplyToTheirKinds) {
  EXPECT_TRUE(suppression_type_applies("race", "data-race"));
  EXPECT_FALSE(suppression_type_applies("race", "deadlock"));
  EXPECT_TRUE(suppression_type_applies("race_top", "data-race"));
  EXPECT_TRUE(suppression_type_applies("deadlock", "deadlock"));
  EXPECT_TRUE(suppression_type_applies("deadlock", "lock-order-inversion"));
  EXPECT_FALSE(suppression_type_applies("deadlock", "mutex-misuse"));
  EXPECT_TRUE(suppression_type_applies("mutex", "mutex-misuse"));
  EXPECT_FALSE(suppression_type_applies("mutex", "data-race"));
  EXPECT_TRUE(suppression_type_applies("thread", "thread-leak"));
  EXPECT_TRUE(suppression_type_applies("signal", "signal-unsafe-call"));
  EXPECT_TRUE(suppression_type_applies("called_from_lib", "data-race"));
}

// Which fixture reports (by kind/headline function) a suppression text hides.
size_t suppressed_by(const std::string& text) {
  ReportSet set = process({"all.jsonl"}, text);
  return set.summary.suppressed - 1;  // all.jsonl has one report suppressed by the runtime
}

TEST(Suppressions, EachTypeHidesOnlyItsKinds) {
  EXPECT_EQ(suppressed_by("race:counter.c\n"), 1u);       // counter race
  EXPECT_EQ(suppressed_by("race:*\n"), 2u);               // both data races
  EXPECT_EQ(suppressed_by("deadlock:*\n"), 2u);           // deadlock + lock-order-inversion
  EXPECT_EQ(suppressed_by("deadlock:philosopher\n"), 1u);
  EXPECT_EQ(suppressed_by("mutex:*\n"), 1u);
  EXPECT_EQ(suppressed_by("thread:*\nsignal:*\n"), 0u);
  EXPECT_EQ(suppressed_by("race:transfer\n"), 0u);        // a deadlock function
}

TEST(Suppressions, MatchesAnyFrameFileAndVariable) {
  EXPECT_EQ(suppressed_by("deadlock:^main$\n"), 0u);       // only in thread creation stacks
  EXPECT_EQ(suppressed_by("deadlock:lambda()#2\n"), 1u);   // outermost frame of event 2
  EXPECT_EQ(suppressed_by("deadlock:std::mutex::lock\n"), 1u);  // a system-header frame
  EXPECT_EQ(suppressed_by("race:src/pool.c\n"), 1u);       // file path
  EXPECT_EQ(suppressed_by("race:^counter$\n"), 1u);        // global variable name
  EXPECT_EQ(suppressed_by("race:pool_create\n"), 1u);      // heap allocation stack
  EXPECT_EQ(suppressed_by("race:pool_destroy\n"), 1u);     // the previous access
  EXPECT_EQ(suppressed_by("race_top:pool_destroy\n"), 1u);
  EXPECT_EQ(suppressed_by("race_top:^worker$\n"), 1u);
  EXPECT_EQ(suppressed_by("race_top:pool_create\n"), 0u);  // not a top frame
  EXPECT_EQ(suppressed_by("called_from_lib:libc.so\n"), 1u);  // frame file of the counter race
  EXPECT_EQ(suppressed_by("called_from_lib:^philosopher$\n"), 0u);  // functions are not looked at
}

TEST(Suppressions, SuppressedAreCountedNotLost) {
  ReportSet set = process({"all.jsonl"}, "race:*\n# comment\n\n  deadlock:transfer  \n");
  EXPECT_EQ(set.summary.suppressed, 4u);  // 2 races + 1 deadlock + 1 by the runtime
  EXPECT_EQ(set.shown.size(), 2u);
  EXPECT_EQ(set.all.size(), 6u);
  size_t marked = 0;
  for (const Report& r : set.all)
    if (r.suppressed) {
      ++marked;
      if (r.message.find("legacy") == std::string::npos) EXPECT_FALSE(r.suppressed_by.empty());
    }
  EXPECT_EQ(marked, 4u);
  std::string json = render_json_lines(set.all);
  EXPECT_EQ(count(json, "\"suppressed\":true"), 4u);
  EXPECT_EQ(count(json, "\"suppressed_by\":\"race:*\""), 2u);
}

TEST(Suppressions, ErrorsNameTheLine) {
  Suppressions s;
  std::string error;
  EXPECT_FALSE(s.parse("race:a\n# c\nnocolon\n", "f.supp", error));
  EXPECT_EQ(error, "f.supp:3: malformed suppression 'nocolon' (expected type:pattern)");
  EXPECT_FALSE(s.parse("\n\nrace_toop:x\n", "f.supp", error));
  EXPECT_EQ(error.rfind("f.supp:3: unknown suppression type 'race_toop'", 0), 0u) << error;
  EXPECT_FALSE(s.parse("mutex:   \n", "f.supp", error));
  EXPECT_EQ(error.rfind("f.supp:1: empty pattern", 0), 0u) << error;
  EXPECT_TRUE(s.empty());  // nothing from a bad file is kept
  EXPECT_FALSE(s.load_file("/nonexistent/racelight.supp", error));
  EXPECT_EQ(error, "cannot read suppressions file '/nonexistent/racelight.supp': No such file or directory");
}

TEST(Suppressions, AcceptsTsanFiles) {
  Suppressions s;
  std::string error;
  ASSERT_TRUE(s.parse("# ThreadSanitizer suppressions\r\nrace:^foo$\r\n"
                      "called_from_lib:libzmq.so\nthread:^pool_\nsignal:handler\n",
                      "tsan.supp", error))
      << error;
  EXPECT_EQ(s.rules().size(), 4u);
  EXPECT_EQ(s.rules()[0].pattern, "^foo$");
  EXPECT_EQ(s.rules()[1].source, "tsan.supp:3");
}

}  // namespace
}  // namespace racelight::test
