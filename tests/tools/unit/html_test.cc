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

// A race whose report carries both threads' synchronization (the runtime's "timeline"): one
// mark per event, acquires and releases told apart, a same-epoch event marked, the creation
// joined to the thread it created, and the current access after the previous one.
TEST(HtmlFormat, RaceTimelineDrawsEachThreadsSynchronization) {
  Report r = parse(R"J({"kind":"data-race","message":"data race","events":[
    {"role":"current-access","thread":0,"stack":[{"function":"main","file":"a.c","line":40,"column":3}],
     "access":{"type":"write","size":4,"address":"0x10","atomic":false}},
    {"role":"previous-access","thread":1,"stack":[{"function":"worker","file":"a.c","line":20,"column":3}],
     "access":{"type":"write","size":4,"address":"0x10","atomic":false}}],
   "threads":[{"id":0,"finished":false,"creation_stack":[]},
              {"id":1,"parent":0,"finished":false,"creation_stack":[{"function":"main","file":"a.c","line":35,"column":3}]}],
   "timeline":[
    {"role":"current-access","thread":0,"access_epoch":3,"earlier":0,"kept":true,"events":[
      {"kind":"create","order":"before","epoch":2,"thread":1,"site":{"function":"main","file":"a.c","line":35,"column":3}},
      {"kind":"atomic-acquire","order":"before","epoch":3,"count":12,"object":"0x20","site":{"function":"main","file":"a.c","line":38,"column":9}}]},
    {"role":"previous-access","thread":1,"access_epoch":1,"earlier":4,"kept":true,"events":[
      {"kind":"lock","order":"same-epoch","epoch":1,"object":"0x30","lock":{"id":7,"type":"mutex"},"site":{"function":"worker","file":"a.c","line":19,"column":3}},
      {"kind":"unlock","order":"after","epoch":2,"object":"0x30","lock":{"id":7,"type":"mutex"},"site":{"function":"worker","file":"a.c","line":21,"column":3}}]}]})J");
  ReportSet set = one_report(r);
  std::string html = render(Format::kHtml, set, plain_options());
  EXPECT_EQ(count(html, "<svg class=\"timeline\""), 1u);
  EXPECT_EQ(count(html, "<g class=\"mark sync"), 4u);
  EXPECT_EQ(count(html, "<g class=\"mark sync release\" data-kind=\"create\" data-order=\"before\""), 1u);
  EXPECT_EQ(count(html, "<g class=\"mark sync acquire\" data-kind=\"atomic-acquire\""), 1u);
  EXPECT_EQ(count(html, "<g class=\"mark sync acquire\" data-kind=\"lock\" data-order=\"same-epoch\""), 1u);
  EXPECT_EQ(count(html, "<g class=\"mark sync release\" data-kind=\"unlock\" data-order=\"after\""), 1u);
  EXPECT_NE(html.find(">lock M7<"), std::string::npos);
  EXPECT_NE(html.find(">create T1<"), std::string::npos);
  EXPECT_NE(html.find(">acquire \u00d712<"), std::string::npos);
  EXPECT_NE(html.find("4 earlier synchronization events not shown"), std::string::npos);
  EXPECT_NE(html.find("it may have come just before or just after it"), std::string::npos);
  EXPECT_EQ(count(html, "<g class=\"spawn\">"), 1u);
  EXPECT_EQ(count(html, "<g class=\"mark access\""), 2u);
  // Lanes: thread T1 (the previous access) first. Its access comes before its unlock; the
  // current access is drawn to the right of the previous one.
  size_t t1 = html.find("<g class=\"lane\" data-thread=\"1\"");
  size_t main = html.find("<g class=\"lane\" data-thread=\"0\"");
  ASSERT_NE(t1, std::string::npos);
  ASSERT_LT(t1, main);
  std::string lane1 = html.substr(t1, main - t1);
  EXPECT_LT(lane1.find("<g class=\"mark access\""), lane1.find("data-kind=\"unlock\""));
}

// The text lists, under each access, the last few events of its thread up to the access.
TEST(TextFormat, SynchronizedBeforeLine) {
  Report r = parse(R"J({"kind":"data-race","message":"data race","events":[
    {"role":"current-access","thread":0,"description":"Write by main thread","stack":[{"function":"main","file":"/src/a.c","line":40,"column":3}],
     "access":{"type":"write","size":4,"address":"0x10","atomic":false}},
    {"role":"previous-access","thread":1,"description":"Previous write by thread T1","stack":[{"function":"worker","file":"/src/a.c","line":20,"column":3}],
     "access":{"type":"write","size":4,"address":"0x10","atomic":false}},
    {"role":"previous-access","thread":2,"description":"(a second one, for the test)","stack":[],
     "access":{"type":"write","size":4,"address":"0x10","atomic":false}}],
   "timeline":[
    {"role":"current-access","thread":0,"earlier":0,"kept":true,"events":[
      {"kind":"create","order":"before","epoch":2,"thread":1,"site":{"function":"main","file":"/src/a.c","line":35,"column":3}},
      {"kind":"atomic-acquire","order":"before","epoch":3,"count":12,"site":{"function":"main","file":"/src/b.c","line":38,"column":9}}]},
    {"role":"previous-access","thread":1,"earlier":4,"kept":true,"events":[
      {"kind":"join","order":"before","epoch":1,"thread":0},
      {"kind":"sem-post","order":"before","epoch":1},
      {"kind":"unlock","order":"before","epoch":1,"lock":{"id":7,"type":"mutex"}},
      {"kind":"cond-wait","order":"before","epoch":1,"lock":{"id":7,"type":"mutex"}},
      {"kind":"lock","order":"same-epoch","epoch":1,"lock":{"id":7,"type":"mutex"},"site":{"function":"worker","file":"/src/a.c","line":19,"column":3}},
      {"kind":"unlock","order":"after","epoch":2,"lock":{"id":7,"type":"mutex"},"site":{"function":"worker","file":"/src/a.c","line":21,"column":3}}]}]})J");
  ReportSet set = one_report(r);
  std::string text = render(Format::kText, set, plain_options());
  EXPECT_NE(text.find("    #0 main /src/a.c:40:3\n"
                      "    synchronized before: create T1 (line 35), atomic-acquire x12 (b.c:38)\n"),
            std::string::npos)
      << text;
  // The last four up to the access (the unlock after it is left out); earlier ones elided.
  EXPECT_NE(text.find("    synchronized before: ..., sem-post, unlock M7, cond-wait, lock M7 "
                      "(line 19, same epoch: before or after)\n"),
            std::string::npos)
      << text;
  // An access without a timeline of its own thread has no line.
  EXPECT_EQ(count(text, "synchronized before:"), 2u);
}

// Deadlocks that are not lock cycles: what each blocked thread waits on.
TEST(HtmlFormat, WaitGraphsOfOwnerExitedAndStall) {
  Report exited = parse(R"J({"kind":"deadlock","subkind":"owner-exited","message":"m","events":[
    {"role":"lock-wanted","thread":0,"description":"main waits","stack":[],"lock":{"id":1,"address":"0x8","type":"mutex"}},
    {"role":"lock-held","thread":1,"description":"T1 held","stack":[],"lock":{"id":1,"address":"0x8","type":"mutex"}}],
   "threads":[{"id":0,"finished":false,"creation_stack":[]},{"id":1,"parent":0,"finished":true,"creation_stack":[]}]})J");
  Report stall = parse(R"J({"kind":"deadlock","subkind":"stall","message":"m","events":[
    {"role":"join","thread":0,"stack":[],"wait":{"thread":1}},
    {"role":"cond-wait","thread":1,"stack":[],"wait":{"object":"0x100","mutex":"0x200"}},
    {"role":"lock-held","thread":1,"stack":[],"lock":{"id":4,"address":"0x300","type":"mutex"}},
    {"role":"lock-wanted","thread":2,"stack":[],"lock":{"id":4,"address":"0x300","type":"mutex"},"wait":{"object":"0x300","thread":1}},
    {"role":"barrier-wait","thread":3,"stack":[],"wait":{"object":"0x400","count":3}},
    {"role":"sem-wait","thread":4,"stack":[],"wait":{"object":"0x500"}}],
   "threads":[]})J");
  ReportSet set;
  set.shown = {exited, stall};
  set.all = set.shown;
  count_kinds(set);
  std::string html = render(Format::kHtml, set, plain_options());
  size_t second = html.find("<section class=\"report\"", html.find("<section class=\"report\"") + 1);
  std::string a = html.substr(0, second), b = html.substr(second);
  EXPECT_EQ(count(a, "<svg class=\"waits\""), 1u);
  EXPECT_EQ(count(a, "<g class=\"wait-node thread\""), 2u);
  EXPECT_EQ(count(a, "data-exited=\"true\""), 1u);
  EXPECT_NE(a.find("<g class=\"wait-node thread\" data-thread=\"1\" data-exited=\"true\""),
            std::string::npos);
  EXPECT_EQ(count(a, "<g class=\"wait-edge wait\""), 1u);
  EXPECT_EQ(count(a, "<g class=\"wait-edge held\""), 1u);
  EXPECT_NE(a.find(">held (exited)<"), std::string::npos);

  EXPECT_EQ(count(b, "<svg class=\"waits\""), 1u);
  EXPECT_EQ(count(b, "<g class=\"wait-node thread\""), 5u);
  // cond, lock M4, barrier, semaphore.
  EXPECT_EQ(count(b, "<g class=\"wait-node object\""), 4u);
  EXPECT_EQ(count(b, "<g class=\"wait-edge wait\""), 5u);
  EXPECT_EQ(count(b, "<g class=\"wait-edge wait\" data-kind=\"join\" data-thread=\"0\""), 1u);
  // T1 holds M4 (its lock-held event and the owner the wait names: one edge).
  EXPECT_EQ(count(b, "<g class=\"wait-edge held\""), 1u);
  EXPECT_NE(b.find("(for 3 threads)"), std::string::npos);
  EXPECT_EQ(b.find("<svg class=\"cycle\""), std::string::npos);
}

TEST(HtmlFormat, EscapesEverything) {
  Report r = parse(R"J({"kind":"data-race","message":"<b>&'\"","events":[
    {"role":"current-access","thread":1,"description":"<script>alert(1)</script>",
     "stack":[{"function":"f<int>","file":"a<b>.c","line":1,"column":1}]}]})J");
  ReportSet set = one_report(r);
  std::string html = render(Format::kHtml, set, plain_options());
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<b>&"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;&amp;&#39;&quot;"), std::string::npos);
  EXPECT_NE(html.find("f&lt;int&gt;"), std::string::npos);
}

// Regression (fuzz_report_reader): a self-deadlock whose held-lock event has no stack
// dereferenced a null top frame while drawing the cycle's edge.
TEST(HtmlFormat, CycleEdgeWithoutStack) {
  Report r = parse(R"J({"kind":"deadlock","subkind":"self","message":"m","events":[
    {"role":"lock-wanted","thread":0,"stack":[{"function":"f","file":"a.c","line":10,"column":3}],
     "lock":{"id":1,"address":"0x1","type":"mutex"}},
    {"role":"lock-held","thread":0,"lock":{"id":1,"address":"0x1","type":"mutex"}}]})J");
  ReportSet set = one_report(r);
  std::string html = render(Format::kHtml, set, plain_options());
  EXPECT_NE(html.find("<svg class=\"cycle\""), std::string::npos) << html;
  EXPECT_NE(html.find("<title>main thread: M1 -&gt; M1</title>"), std::string::npos) << html;
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
