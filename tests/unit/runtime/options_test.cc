// Tests of RACELIGHT_OPTIONS parsing (runtime/options.h).
#include "options.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace rl_test {
namespace {

using rl::ColorMode;
using rl::Options;
using rl::ParseOptions;

struct Parsed {
  bool ok;
  Options options;
  std::string error;
};

Parsed Parse(const char *text) {
  Parsed p;
  char error[512] = "";
  p.ok = ParseOptions(text, &p.options, error, sizeof(error));
  p.error = error;
  return p;
}

// Expects `text` to parse, and returns the options.
Options Ok(const char *text) {
  Parsed p = Parse(text);
  EXPECT_TRUE(p.ok) << "'" << text << "': " << p.error;
  return p.options;
}

// Expects `text` to be rejected, and returns the message.
std::string Err(const char *text) {
  Parsed p = Parse(text);
  EXPECT_FALSE(p.ok) << "'" << text << "' was accepted";
  EXPECT_FALSE(p.error.empty()) << "'" << text << "': no message";
  return p.error;
}

std::string S(const char *s) { return s ? s : "<null>"; }

void ExpectDefaults(const Options &o) {
  EXPECT_EQ(o.report_path, nullptr);
  EXPECT_EQ(o.log_path, nullptr);
  EXPECT_EQ(o.suppressions, nullptr);
  EXPECT_EQ(o.exitcode, 66);
  EXPECT_FALSE(o.halt_on_error);
  EXPECT_FALSE(o.on_deadlock_continue);
  EXPECT_TRUE(o.detect_deadlocks);
  EXPECT_EQ(o.deadlock_timeout_ms, 300);
  EXPECT_TRUE(o.single_thread_inversions);
  EXPECT_EQ(o.atexit_wait_ms, 1000);
  EXPECT_EQ(o.color, ColorMode::kAuto);
  EXPECT_EQ(o.verbosity, 0);
  EXPECT_TRUE(o.shadow_huge_pages);
  EXPECT_FALSE(o.deferred_rescan);
}

TEST(Options, NullAndEmptyGiveDefaults) {
  ExpectDefaults(Ok(nullptr));
  ExpectDefaults(Ok(""));
  ExpectDefaults(Ok("   "));
  ExpectDefaults(Ok(" : :: ,\t\n"));
}

TEST(Options, ParseResetsPreviousContents) {
  Options o;
  o.exitcode = 1;
  o.verbosity = 3;
  o.color = ColorMode::kNever;
  char error[64];
  ASSERT_TRUE(ParseOptions("halt_on_error=1", &o, error, sizeof(error)));
  EXPECT_EQ(o.exitcode, 66);
  EXPECT_EQ(o.verbosity, 0);
  EXPECT_EQ(o.color, ColorMode::kAuto);
  EXPECT_TRUE(o.halt_on_error);
}

TEST(Options, EveryKey) {
  Options o = Ok(
      "report_path=/tmp/r.jsonl log_path=/tmp/log.txt suppressions=/tmp/s.supp exitcode=7 "
      "halt_on_error=1 on_deadlock=continue detect_deadlocks=0 deadlock_timeout_ms=1500 "
      "single_thread_inversions=0 atexit_wait_ms=250 color=always verbosity=2 "
      "shadow_huge_pages=0 deferred_rescan=1");
  EXPECT_EQ(S(o.report_path), "/tmp/r.jsonl");
  EXPECT_EQ(S(o.log_path), "/tmp/log.txt");
  EXPECT_EQ(S(o.suppressions), "/tmp/s.supp");
  EXPECT_EQ(o.exitcode, 7);
  EXPECT_TRUE(o.halt_on_error);
  EXPECT_TRUE(o.on_deadlock_continue);
  EXPECT_FALSE(o.detect_deadlocks);
  EXPECT_EQ(o.deadlock_timeout_ms, 1500);
  EXPECT_FALSE(o.single_thread_inversions);
  EXPECT_EQ(o.atexit_wait_ms, 250);
  EXPECT_EQ(o.color, ColorMode::kAlways);
  EXPECT_EQ(o.verbosity, 2);
  EXPECT_FALSE(o.shadow_huge_pages);
  EXPECT_TRUE(o.deferred_rescan);
}

TEST(Options, ColonsAndOtherSeparators) {
  for (const char *text :
       {"exitcode=9:verbosity=1:color=never", "exitcode=9 verbosity=1 color=never",
        "exitcode=9\tverbosity=1\ncolor=never", "exitcode=9,verbosity=1,color=never",
        "  :exitcode=9 :: verbosity=1 : color=never:  "}) {
    SCOPED_TRACE(text);
    Options o = Ok(text);
    EXPECT_EQ(o.exitcode, 9);
    EXPECT_EQ(o.verbosity, 1);
    EXPECT_EQ(o.color, ColorMode::kNever);
  }
}

TEST(Options, QuotedValuesKeepSeparators) {
  Options o = Ok("report_path='/tmp/a b:c,d.jsonl' log_path=\"/tmp/x y:z\" exitcode=3");
  EXPECT_EQ(S(o.report_path), "/tmp/a b:c,d.jsonl");
  EXPECT_EQ(S(o.log_path), "/tmp/x y:z");
  EXPECT_EQ(o.exitcode, 3);
  // The other quote character is ordinary inside a quoted value.
  o = Ok("report_path=\"it's\":suppressions='say \"hi\"'");
  EXPECT_EQ(S(o.report_path), "it's");
  EXPECT_EQ(S(o.suppressions), "say \"hi\"");
  // Quoted values are parsed like unquoted ones.
  o = Ok("exitcode='12' halt_on_error=\"yes\" color='never'");
  EXPECT_EQ(o.exitcode, 12);
  EXPECT_TRUE(o.halt_on_error);
  EXPECT_EQ(o.color, ColorMode::kNever);
  // An empty quoted path means none.
  o = Ok("report_path='' log_path=\"\"");
  EXPECT_EQ(o.report_path, nullptr);
  EXPECT_EQ(o.log_path, nullptr);
}

TEST(Options, UnterminatedQuote) {
  std::string e = Err("exitcode=1 report_path='/tmp/a b");
  EXPECT_NE(e.find("unterminated quote"), std::string::npos) << e;
  EXPECT_NE(e.find("'report_path'"), std::string::npos) << e;
  e = Err("log_path=\"x");
  EXPECT_NE(e.find("'log_path'"), std::string::npos) << e;
}

TEST(Options, LaterKeysWin) {
  Options o = Ok("verbosity=1 exitcode=5 verbosity=3 exitcode=0:verbosity=2");
  EXPECT_EQ(o.verbosity, 2);
  EXPECT_EQ(o.exitcode, 0);
  o = Ok("report_path=/a report_path=/b log_path=/x log_path=stderr");
  EXPECT_EQ(S(o.report_path), "/b");
  EXPECT_EQ(o.log_path, nullptr);
  o = Ok("color=always color=auto on_deadlock=continue on_deadlock=abort");
  EXPECT_EQ(o.color, ColorMode::kAuto);
  EXPECT_FALSE(o.on_deadlock_continue);
  o = Ok("report_path=/a report_path=");
  EXPECT_EQ(o.report_path, nullptr);
}

TEST(Options, PathValues) {
  EXPECT_EQ(Ok("report_path=").report_path, nullptr);
  EXPECT_EQ(Ok("suppressions=").suppressions, nullptr);
  EXPECT_EQ(Ok("log_path=").log_path, nullptr);
  EXPECT_EQ(Ok("log_path=stderr").log_path, nullptr);  // the default, spelled out
  EXPECT_EQ(S(Ok("log_path=stderr.txt").log_path), "stderr.txt");
  EXPECT_EQ(S(Ok("report_path=a=b").report_path), "a=b");  // '=' inside a value
  // The parsed strings are copies: they outlive the text they came from.
  std::string text = "suppressions=/tmp/keep.supp";
  Options o = Ok(text.c_str());
  text.assign(text.size(), 'X');
  EXPECT_EQ(S(o.suppressions), "/tmp/keep.supp");
}

TEST(Options, BooleanSpellings) {
  for (const char *key : {"halt_on_error", "detect_deadlocks"}) {
    for (const char *v : {"1", "true", "yes"}) {
      std::string text = std::string(key) + "=" + v;
      Options o = Ok(text.c_str());
      EXPECT_TRUE(std::string(key) == "halt_on_error" ? o.halt_on_error : o.detect_deadlocks)
          << text;
    }
    for (const char *v : {"0", "false", "no"}) {
      std::string text = std::string(key) + "=" + v;
      Options o = Ok(text.c_str());
      EXPECT_FALSE(std::string(key) == "halt_on_error" ? o.halt_on_error : o.detect_deadlocks)
          << text;
    }
  }
}

TEST(Options, EnumerationValues) {
  EXPECT_FALSE(Ok("on_deadlock=abort").on_deadlock_continue);
  EXPECT_FALSE(Ok("on_deadlock=exit").on_deadlock_continue);
  EXPECT_TRUE(Ok("on_deadlock=continue").on_deadlock_continue);
  EXPECT_EQ(Ok("color=auto").color, ColorMode::kAuto);
  EXPECT_EQ(Ok("color=always").color, ColorMode::kAlways);
  EXPECT_EQ(Ok("color=never").color, ColorMode::kNever);
}

TEST(Options, IntegerRanges) {
  EXPECT_EQ(Ok("exitcode=0").exitcode, 0);
  EXPECT_EQ(Ok("exitcode=255").exitcode, 255);
  EXPECT_EQ(Ok("deadlock_timeout_ms=10").deadlock_timeout_ms, 10);
  EXPECT_EQ(Ok("deadlock_timeout_ms=600000").deadlock_timeout_ms, 600000);
  EXPECT_EQ(Ok("atexit_wait_ms=0").atexit_wait_ms, 0);
  EXPECT_EQ(Ok("atexit_wait_ms=600000").atexit_wait_ms, 600000);
  EXPECT_EQ(Ok("verbosity=0").verbosity, 0);
  EXPECT_EQ(Ok("verbosity=3").verbosity, 3);
}

// A bad value for every key that validates its value: rejected, with a message naming both
// the key and the value.
TEST(Options, BadValueForEveryKey) {
  struct Case {
    const char *key;
    std::vector<const char *> bad;
  };
  const std::vector<Case> cases = {
      {"exitcode", {"", "-1", "256", "abc", "5x", "1.5", "99999999999999999999", "0x10"}},
      {"halt_on_error", {"", "2", "on", "TRUE", "y", "10"}},
      {"on_deadlock", {"", "ABORT", "stop", "continue2"}},
      {"detect_deadlocks", {"", "-1", "off", "nope"}},
      {"deadlock_timeout_ms", {"", "9", "0", "-5", "600001", "1e3", "ms"}},
      {"single_thread_inversions", {"", "2", "off"}},
      {"atexit_wait_ms", {"", "-1", "600001", "1s"}},
      {"color", {"", "yes", "Always", "blue"}},
      {"verbosity", {"", "-1", "4", "high", "2.0"}},
      {"shadow_huge_pages", {"", "2", "huge", "-1"}},
      {"deferred_rescan", {"", "2", "later", "-1"}},
  };
  for (const Case &c : cases)
    for (const char *v : c.bad) {
      std::string text = std::string(c.key) + "='" + v + "'";
      SCOPED_TRACE(text);
      std::string e = Err(text.c_str());
      EXPECT_NE(e.find(std::string("'") + c.key + "'"), std::string::npos) << e;
      EXPECT_NE(e.find(std::string("bad value '") + v + "'"), std::string::npos) << e;
      // Also when the bad entry follows good ones.
      std::string later = "verbosity=1 exitcode=3 " + text;
      EXPECT_FALSE(Parse(later.c_str()).ok);
    }
}

TEST(Options, PathKeysAcceptAnything) {
  for (const char *key : {"report_path", "log_path", "suppressions"}) {
    std::string text = std::string(key) + "=~/odd$name%d";
    Options o = Ok(text.c_str());
    const char *v = std::string(key) == "report_path" ? o.report_path
                    : std::string(key) == "log_path"  ? o.log_path
                                                      : o.suppressions;
    EXPECT_EQ(S(v), "~/odd$name%d");
  }
}

TEST(Options, UnknownKeyMessageNamesTheKey) {
  std::string e = Err("verbosity=1 no_such_option=5");
  EXPECT_NE(e.find("unknown option 'no_such_option'"), std::string::npos) << e;
  // The message lists the known keys.
  for (const char *key : {"report_path", "log_path", "suppressions", "exitcode",
                          "halt_on_error", "on_deadlock", "detect_deadlocks",
                          "deadlock_timeout_ms", "single_thread_inversions", "atexit_wait_ms",
                          "color", "verbosity", "check_counts_path"})
    EXPECT_NE(e.find(key), std::string::npos) << key;
  // Keys are case sensitive, and near misses are unknown.
  EXPECT_NE(Err("Verbosity=1").find("'Verbosity'"), std::string::npos);
  EXPECT_NE(Err("exit_code=1").find("'exit_code'"), std::string::npos);
  EXPECT_NE(Err("report-path=x").find("'report-path'"), std::string::npos);
  // An empty key.
  EXPECT_NE(Err("=5").find("unknown option ''"), std::string::npos);
}

TEST(Options, MissingEqualsMessage) {
  std::string e = Err("halt_on_error");
  EXPECT_NE(e.find("option 'halt_on_error' has no value"), std::string::npos) << e;
  EXPECT_NE(e.find("halt_on_error=VALUE"), std::string::npos) << e;
  e = Err("verbosity=1 exitcode");
  EXPECT_NE(e.find("'exitcode'"), std::string::npos) << e;
  // A separator ends the key: "verbosity 1" is a key without '=' followed by another.
  e = Err("verbosity 1");
  EXPECT_NE(e.find("'verbosity' has no value"), std::string::npos) << e;
  e = Err("verbosity:=1");
  EXPECT_NE(e.find("'verbosity' has no value"), std::string::npos) << e;
}

TEST(Options, SmallErrorBufferIsTruncatedNotOverrun) {
  char error[16];
  memset(error, 'Z', sizeof(error));
  Options o;
  EXPECT_FALSE(ParseOptions("some_unknown_key=1", &o, error, sizeof(error)));
  EXPECT_EQ(strlen(error), sizeof(error) - 1);
  EXPECT_EQ(std::string(error), std::string("unknown option ").substr(0, 15));
}

TEST(Options, CheckCountsPath) {
  EXPECT_EQ(Ok("").check_counts_path, nullptr);
  EXPECT_EQ(S(Ok("check_counts_path=/tmp/counts.txt").check_counts_path), "/tmp/counts.txt");
  // "stderr" and an empty value mean the default: the log.
  EXPECT_EQ(Ok("check_counts_path=/tmp/c check_counts_path=stderr").check_counts_path, nullptr);
  EXPECT_EQ(Ok("check_counts_path=").check_counts_path, nullptr);
}

TEST(Options, HelpMentionsEveryKey) {
  const std::string help = rl::OptionsHelp();
  for (const char *key : {"report_path", "log_path", "suppressions", "exitcode",
                          "halt_on_error", "on_deadlock", "detect_deadlocks",
                          "deadlock_timeout_ms", "single_thread_inversions", "atexit_wait_ms",
                          "color", "verbosity", "check_counts_path"})
    EXPECT_NE(help.find(std::string(key) + "="), std::string::npos) << key;
}

}  // namespace
}  // namespace rl_test
