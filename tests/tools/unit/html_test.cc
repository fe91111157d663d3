// The html format and the lock cycles it draws, and the seed programs' reports (real runtime
// output: lost update, reentrant factorial deadlock, ABBA inversion, release of an unlocked
// lock; tests/tools/fixtures/seeds.jsonl) rendered in every format from one model.
#include "html_render.h"
#include "test_util.h"
#include "text_render.h"

namespace racelight::test {
namespace {

// The seeds' source files are the repository's tests/e2e programs.
RenderOptions repo_options() {
  RenderOptions o = plain_options();
  o.source_root = std::string(RACELIGHT_TEST_FIXTURES) + "/../../..";
  return o;
}

std::string section_of(const std::string& html, const std::string& kind) {
  size_t start = html.find("<section class=\"report\"");
  while (start != std::string::npos) {
    size_t end = html.find("</section>", start);
    std::string s = html.substr(start, end - start);
    if (s.find("data-kind=\"" + kind + "\"") != std::string::npos) return s;
    start = html.find("<section class=\"report\"", end);
  }
  return "";
}

TEST(LockCycle, EdgesOfAnInversionAndOfDeadlocks) {
  ReportSet set = process({"seeds.jsonl"});
  ASSERT_EQ(set.shown.size(), 4u);
  const Report& inversion = set.shown[2];
  ASSERT_EQ(inversion.kind, "lock-order-inversion");
  std::vector<CycleEdge> edges = lock_cycle(inversion);
  ASSERT_EQ(edges.size(), 2u);
  // Thread T1 holds M2 and acquires M1; thread T2 holds M1 and acquires M2.
  EXPECT_EQ(edges[0].from, 2u);
  EXPECT_EQ(edges[0].to, 1u);
  EXPECT_EQ(edges[1].from, 1u);
  EXPECT_EQ(edges[1].to, 2u);
  EXPECT_NE(edges[0].thread, edges[1].thread);
  EXPECT_EQ(edges[0].acquired_event, 0u);
  EXPECT_EQ(edges[0].held_event, 1u);

  const Report& self = set.shown[1];
  ASSERT_EQ(self.subkind, "self");
  edges = lock_cycle(self);
  ASSERT_EQ(edges.size(), 1u);
  EXPECT_EQ(edges[0].from, edges[0].to);

  // A cycle of two threads where each also holds a lock outside the cycle: one edge per
  // thread, from the held lock the other thread wants.
  Report cycle = parse(R"J({"kind":"deadlock","subkind":"cycle","events":[
    {"role":"lock-wanted","thread":1,"lock":{"id":3}},
    {"role":"lock-held","thread":1,"lock":{"id":9}},
    {"role":"lock-held","thread":1,"lock":{"id":1}},
    {"role":"lock-wanted","thread":2,"lock":{"id":1}},
    {"role":"lock-held","thread":2,"lock":{"id":3}}]})J");
  edges = lock_cycle(cycle);
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_EQ(edges[0].from, 1u);
  EXPECT_EQ(edges[0].to, 3u);
  EXPECT_EQ(edges[1].from, 3u);
  EXPECT_EQ(edges[1].to, 1u);

  EXPECT_TRUE(lock_cycle(set.shown[0]).empty());  // a data race
  EXPECT_TRUE(lock_cycle(set.shown[3]).empty());  // a misuse
}

TEST(HtmlFormat, SelfContainedPageWithEveryReport) {
  ReportSet set = process({"seeds.jsonl"});
  std::string html = render(Format::kHtml, set, repo_options());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(html, "<section class=\"report\""), 4u);
  EXPECT_EQ(count(html, "<tr data-report="), 4u);
  for (const Report& r : set.shown)
    EXPECT_NE(html.find("data-fingerprint=\"" + r.fingerprint + "\""), std::string::npos);
  // Nothing from elsewhere.
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
  EXPECT_EQ(html.find("https://"), std::string::npos);
  // Filters.
  EXPECT_NE(html.find("<select id=\"filter-kind\">"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"deadlock\">deadlock (1)</option>"), std::string::npos);
  EXPECT_NE(html.find("<input id=\"filter-file\""), std::string::npos);
}

TEST(HtmlFormat, OpenMpConstructInEventCards) {
  ReportSet set = process({"openmp_race.jsonl"});
  std::string html = render(Format::kHtml, set, plain_options());
  EXPECT_NE(html.find("<p class=\"omp\">in task created at src/tasks.c:21:1 (parallel region at "
                      "src/tasks.c:11:1, thread 0 of 2)</p>"),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"omp\">in parallel region at src/tasks.c:11:1 (thread 1 of "
                      "2)</p>"),
            std::string::npos);
}

TEST(HtmlFormat, CycleGraphTimelineSnippetsAndFoldedFrames) {
  ReportSet set = process({"seeds.jsonl"});
  std::string html = render(Format::kHtml, set, repo_options());

  std::string inversion = section_of(html, "lock-order-inversion");
  ASSERT_FALSE(inversion.empty());
  EXPECT_EQ(count(inversion, "<svg class=\"cycle\""), 1u);
  EXPECT_EQ(count(inversion, "<g class=\"edge\""), 2u);
  EXPECT_EQ(count(inversion, "<g class=\"lock\""), 2u);
  EXPECT_NE(inversion.find("data-from=\"M2\" data-to=\"M1\""), std::string::npos);
  EXPECT_NE(inversion.find("inversion_abba_no_deadlock.c:14:3 \u2192 "
                           "inversion_abba_no_deadlock.c:15:3"),
            std::string::npos)
      << inversion;

  std::string self = section_of(html, "deadlock");
  EXPECT_EQ(count(self, "<g class=\"edge\""), 1u);
  EXPECT_NE(self.find("data-from=\"M1\" data-to=\"M1\""), std::string::npos);
  EXPECT_NE(self.find(">main: factorial_plain_lock.cpp:14:8 \u2192 factorial_plain_lock.cpp:14:8<"),
            std::string::npos)
      << self;

  std::string race = section_of(html, "data-race");
  EXPECT_NE(race.find("<p class=\"location\">Location: global &#39;counter&#39; of size 4 at "),
            std::string::npos)
      << race;
  EXPECT_EQ(count(race, "<svg class=\"timeline\""), 1u);
  EXPECT_EQ(count(race, "<g class=\"mark access\""), 2u);
  EXPECT_EQ(count(race, "<g class=\"mark create\""), 2u);
  EXPECT_EQ(race.find("<svg class=\"cycle\""), std::string::npos);
  // The two accesses side by side, each with its source lines, the line marked, a caret.
  EXPECT_EQ(count(race, "<div class=\"event\""), 2u);
  EXPECT_EQ(count(race, "<span class=\"line here\"><span class=\"ln\">   16</span>     counter += "
                        "1;  // @INC</span>"),
            2u)
      << race;
  EXPECT_EQ(count(race, "<span class=\"caret\">^</span>"), 2u);
  // std::thread's frame folded, and still there to unfold.
  EXPECT_NE(race.find("<details><summary>... 1 frame in libstdc++</summary>"), std::string::npos);
  EXPECT_NE(race.find("std::thread::_State_impl"), std::string::npos);
  // The terminal text, escaped.
  EXPECT_NE(race.find("SUMMARY: racelight: data-race tests/e2e/core/lost_update.cpp:16:13 in "
                      "work()"),
            std::string::npos);

  std::string misuse = section_of(html, "mutex-misuse");
  EXPECT_EQ(misuse.find("<svg"), std::string::npos);
}

TEST(HtmlFormat, EscapesEverything) {
  Report r = parse(R"J({"kind":"data-race","message":"<b>&'\"","events":[
    {"role":"current-access","thread":1,"description":"<script>alert(1)</script>",
     "stack":[{"function":"f<int>","file":"a<b>.c","line":1,"column":1}]}]})J");
  ReportSet set;
  set.shown = {r};
  set.all = {r};
  count_kinds(set);
  std::string html = render(Format::kHtml, set, plain_options());
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<b>&"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;&amp;&#39;&quot;"), std::string::npos);
  EXPECT_NE(html.find("f&lt;int&gt;"), std::string::npos);
}

TEST(SeedReports, EveryFormatFromOneModel) {
  ReportSet set = process({"seeds.jsonl"});
  RenderOptions o = repo_options();
  std::string text = render(Format::kText, set, o);
  std::string html = render(Format::kHtml, set, o);
  std::string junit = render(Format::kJunit, set, o);
  std::string sarif = render(Format::kSarif, set, o);
  std::string json = render(Format::kJson, set, o);
  std::string summary = render(Format::kSummary, set, o);
  const char* const kSites[] = {"tests/e2e/core/lost_update.cpp:16:13",
                                "tests/e2e/locks/factorial_plain_lock.cpp:14:8",
                                "tests/e2e/locks/inversion_abba_no_deadlock.c:15:3",
                                "tests/e2e/locks/release_unlocked.c:30:12"};
  for (const Report& r : set.shown) {
    TextRenderer t(o);
    std::string one = t.report(r);
    // The same text in the text format, in JUnit (as XML text) and in the HTML (escaped).
    EXPECT_NE(text.find(one), std::string::npos) << one;
    EXPECT_NE(junit.find(r.message.substr(0, 20)), std::string::npos);
    EXPECT_NE(sarif.find(r.fingerprint), std::string::npos);
    EXPECT_NE(json.find(r.fingerprint), std::string::npos);
    EXPECT_NE(html.find(r.fingerprint), std::string::npos);
  }
  for (const char* site : kSites) {
    EXPECT_NE(text.find(std::string("SUMMARY: racelight: ")), std::string::npos);
    EXPECT_NE(text.find(site), std::string::npos) << site;
    EXPECT_NE(html.find(site), std::string::npos) << site;
    EXPECT_NE(junit.find(site), std::string::npos) << site;
  }
  // Source quoted with a caret in the text, as the runtime does.
  EXPECT_NE(text.find("   16 |     counter += 1;  // @INC\n      |             ^\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(summary, "data-race: 1\ndeadlock: 1\nlock-order-inversion: 1\nmutex-misuse: 1\n"
                     "total: 4\noccurrences: 4\nsuppressed: 0\n");
}

}  // namespace
}  // namespace racelight::test
