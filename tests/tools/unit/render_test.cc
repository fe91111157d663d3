// The text, json and summary formats, loading, merging of duplicates and colour choice.
#include <stdlib.h>

#include "test_util.h"
#include "text_render.h"

namespace racelight::test {
namespace {

std::string text_of(const std::vector<std::string>& files, RenderOptions o = plain_options()) {
  return render(Format::kText, process(files), o);
}

TEST(TextFormat, HeadlineSourceLineAndCaret) {
  std::string out = text_of({"deadlock.jsonl"});
  EXPECT_EQ(out.rfind("==================\n"
                      "src/bank.cc:11:31: deadlock: 2 threads wait for each other's mutexes M1 "
                      "and M2\n"
                      "   11 |   std::lock_guard<std::mutex> b(to.m);\n"
                      "      |                               ^\n",
                      0),
            0u)
      << out;
  // The two libstdc++ frames of the first event are folded, numbering goes on after them;
  // a single system frame is folded too.
  EXPECT_NE(out.find("  Thread 1 waits for mutex M2 (0x7ffd5a1c2f40) held by thread 2 [waiting]:\n"
                     "    ... 2 frames in libstdc++\n"
                     "    #2 transfer(Account&, Account&, long) src/bank.cc:11:31\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("  Thread 2 waits for mutex M1 (0x7ffd5a1c2f10) held by thread 1 [waiting]:\n"
                     "    ... 1 frame in libstdc++\n"
                     "    #1 transfer(Account&, Account&, long) src/bank.cc:11:31\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("SUMMARY: racelight: deadlock src/bank.cc:11:31 in transfer(Account&, "
                     "Account&, long)\n==================\n"),
            std::string::npos)
      << out;
}

// OpenMP accesses name their construct under the event's line ("openmp" in the JSON).
TEST(TextFormat, OpenMpConstructOfEachAccess) {
  std::string out = text_of({"openmp_race.jsonl"});
  EXPECT_NE(out.find("[current-access]:\n"
                     "    in task created at src/tasks.c:21:1 (parallel region at src/tasks.c:11:1, "
                     "thread 0 of 2)\n"
                     "    #0 .omp_outlined..3 src/tasks.c:22:13\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("[previous-access]:\n"
                     "    in parallel region at src/tasks.c:11:1 (thread 1 of 2)\n"),
            std::string::npos)
      << out;
  // Reports without it are unchanged.
  EXPECT_EQ(text_of({"data_race.jsonl"}).find("    in "), std::string::npos);
}

TEST(TextFormat, SystemFramesShownOnRequest) {
  RenderOptions o = plain_options();
  o.show_system_frames = true;
  std::string out = text_of({"deadlock.jsonl"}, o);
  EXPECT_EQ(out.find("frames in"), std::string::npos) << out;
  EXPECT_NE(out.find("    #0 std::mutex::lock() /usr/include/c++/12/bits/std_mutex.h:100:17\n"
                     "    #1 transfer(Account&, Account&, long) src/bank.cc:11:31\n"),
            std::string::npos)
      << out;
}

TEST(TextFormat, SameTextAsTheRuntime) {
  // Thread names, location and thread sections as the runtime prints them (one renderer).
  std::string out = text_of({"data_race.jsonl"});
  EXPECT_NE(out.find("  Location: global 'counter' of size 4 at 0x55d0c0a4c010, defined at "
                     "src/counter.c:3\n"
                     "  Thread T2 created by main thread at:\n"
                     "    #0 main src/counter.c:14:3\n"
                     "  Thread T1 (finished) created by main thread at:\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    ... 1 frame in libc\n"), std::string::npos) << out;
  EXPECT_NE(out.find("\nSUMMARY: racelight: data-race src/counter.c:7:2 in worker\n"),
            std::string::npos)
      << out;
}

TEST(TextFormat, CaretKeepsTabs) {
  std::string out = text_of({"data_race.jsonl"});
  EXPECT_NE(out.find("    7 | \tcounter++;\n      | \t^\n"), std::string::npos) << out;
}

TEST(TextFormat, NoSourceWhenUnreadableOrDisabled) {
  RenderOptions o = plain_options();
  o.show_source = false;
  std::string out = text_of({"data_race.jsonl"}, o);
  EXPECT_EQ(out.find("counter++"), std::string::npos);
  // src/pool.c does not exist: headline only.
  out = text_of({"all.jsonl"});
  EXPECT_NE(out.find("src/pool.c:41:12: data-race: data race on heap block of 400 bytes (freed) "
                     "[free]\n  Read of size 4"),
            std::string::npos)
      << out;
}

TEST(TextFormat, SummaryLine) {
  std::string out = text_of({"all.jsonl", "data_race_rerun.jsonl"});
  EXPECT_NE(out.find("\nracelight: 5 reports (2 data-race, 1 deadlock, 1 lock-order-inversion, "
                     "1 mutex-misuse), 7 occurrences, 1 suppressed\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(render(Format::kText, process({}), plain_options()),
            "racelight: no reports, 0 suppressed\n");
}

TEST(TextFormat, DuplicatesMergedWithCount) {
  std::string out = text_of({"data_race.jsonl", "data_race_rerun.jsonl"});
  EXPECT_EQ(count(out, "data-race: data race on global 'counter'"), 1u) << out;
  EXPECT_NE(out.find("seen 3 times in 3 processes, fingerprint "), std::string::npos) << out;
}

TEST(TextFormat, ColourOnlyWhenAsked) {
  RenderOptions o = plain_options();
  EXPECT_EQ(text_of({"all.jsonl"}, o).find('\033'), std::string::npos);
  o.color = true;
  std::string out = text_of({"data_race.jsonl"}, o);
  EXPECT_NE(out.find("\033[1;31mdata-race:\033[0m"), std::string::npos) << out;
  EXPECT_NE(out.find("\033[1;32m^\033[0m"), std::string::npos) << out;
}

TEST(TextFormat, RendersUnknownKindsGenerically) {
  std::string out = text_of({"future_kind.jsonl"});
  EXPECT_NE(out.find("src/leaky.c:5:3: thread-leak: thread 4 was never joined\n"), std::string::npos);
  EXPECT_NE(out.find("  Thread 4 created by thread 0 [creation]:\n    #0 spawn src/leaky.c:5:3\n"),
            std::string::npos)
      << out;
  Report r = parse(R"J({"kind":"signal-unsafe-call","events":[{"role":"call","thread":3}]})J");
  ReportSet set = one_report(r);
  out = render(Format::kText, set, plain_options());
  EXPECT_NE(out.find("<unknown location>: signal-unsafe-call: signal-unsafe-call\n"
                     "  call in thread T3:\n    (no stack)\n"),
            std::string::npos)
      << out;
}

TEST(TextFormat, FileDescriptorLocation) {
  // A race on a descriptor itself (runtime/interceptors_fd.cc): variable type "fd".
  Report r = parse(R"J({"kind":"data-race","message":"data race on file descriptor 4",)J"
                   R"J("events":[{"role":"current-access","thread":0}],)J"
                   R"J("variable":{"type":"fd","fd":4}})J");
  ReportSet set = one_report(r);
  std::string out = render(Format::kText, set, plain_options());
  EXPECT_NE(out.find("  Location: file descriptor 4\n"), std::string::npos) << out;
}

TEST(TextFormat, CutStacksSayTheyWereCut) {
  // The runtime keeps 48 frames of a stack (6 of an allocation stack) and marks a stack it
  // cut with "<name>_truncated": a stack must not pass for whole because it ends there.
  Report r = parse(R"J({"kind":"data-race","message":"m","events":[{"role":"current-access",)J"
                   R"J("thread":1,"stack":[{"function":"f","file":"a.c","line":3,"column":1},)J"
                   R"J({"function":"g","file":"a.c","line":9,"column":2}],"stack_truncated":true},)J"
                   R"J({"role":"previous-access","thread":2,"stack":[{"function":"h","file":"a.c",)J"
                   R"J("line":5,"column":1}]}],"variable":{"type":"heap","address":"0x10","size":8,)J"
                   R"J("offset":0,"thread":0,"allocation_stack":[{"function":"k","file":"a.c",)J"
                   R"J("line":7,"column":1}],"allocation_stack_truncated":true},)J"
                   R"J("threads":[{"id":1,"parent":0,"finished":false,"creation_stack":[{"function":)J"
                   R"J("main","file":"a.c","line":20,"column":3}],"creation_stack_truncated":true}]})J");
  EXPECT_TRUE(r.events[0].stack_truncated);
  EXPECT_FALSE(r.events[1].stack_truncated);
  ReportSet set = one_report(r);
  std::string out = render(Format::kText, set, plain_options());
  EXPECT_NE(out.find("    #1 g a.c:9:2\n    ... stack cut at 2 frames\n  previous-access"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    #0 k a.c:7:1\n    ... stack cut at 1 frame\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("    #0 main a.c:20:3\n    ... stack cut at 1 frame\n"), std::string::npos)
      << out;
  EXPECT_EQ(count(out, "stack cut"), 3u) << out;
  std::string json_out = render(Format::kJson, set, plain_options());
  EXPECT_EQ(count(json_out, "\"stack_truncated\":true"), 1u) << json_out;
  std::string error;
  Report bad;
  EXPECT_FALSE(parse_report_line(
      R"J({"kind":"data-race","events":[{"role":"r","stack":[],"stack_truncated":"yes"}]})J", bad,
      error));
  EXPECT_NE(error.find("stack_truncated"), std::string::npos) << error;
}

TEST(TextFormat, UnknownPreviousAccessSaysSo) {
  // A race's previous access older than the runtime's access history keeps has an empty
  // stack marked "stack_unknown": the text says why there is no location.
  Report r = parse(R"J({"kind":"data-race","message":"m","events":[{"role":"current-access",)J"
                   R"J("thread":1,"stack":[{"function":"f","file":"a.c","line":3,"column":1}]},)J"
                   R"J({"role":"previous-access","thread":2,"stack":[],"stack_unknown":true}],)J"
                   R"J("variable":{"type":"global","name":"x","address":"0x10","size":4}})J");
  EXPECT_FALSE(r.events[0].stack_unknown);
  EXPECT_TRUE(r.events[1].stack_unknown);
  ReportSet set = one_report(r);
  std::string out = render(Format::kText, set, plain_options());
  EXPECT_NE(out.find("previous-access"), std::string::npos) << out;
  EXPECT_NE(out.find("    (location unknown: older than the access history keeps; see history_size)\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("(no stack)"), std::string::npos) << out;
  std::string json_out = render(Format::kJson, set, plain_options());
  EXPECT_EQ(count(json_out, "\"stack_unknown\":true"), 1u) << json_out;
  std::string error;
  Report bad;
  EXPECT_FALSE(parse_report_line(
      R"J({"kind":"data-race","events":[{"role":"r","stack":[],"stack_unknown":1}]})J", bad,
      error));
  EXPECT_NE(error.find("stack_unknown"), std::string::npos) << error;
}

TEST(WantColor, HonoursNoColorAndMode) {
  EXPECT_TRUE(want_color(ColorMode::kAlways, -1));
  EXPECT_FALSE(want_color(ColorMode::kNever, -1));
  EXPECT_FALSE(want_color(ColorMode::kAuto, -1));  // not a terminal
  setenv("NO_COLOR", "1", 1);
  EXPECT_FALSE(want_color(ColorMode::kAuto, -1));
  EXPECT_TRUE(want_color(ColorMode::kAlways, -1));
  unsetenv("NO_COLOR");
}

TEST(SummaryFormat, CountsOnly) {
  EXPECT_EQ(render(Format::kSummary, process({"all.jsonl", "future_kind.jsonl"}), plain_options()),
            "data-race: 2\ndeadlock: 1\nlock-order-inversion: 1\nmutex-misuse: 1\n"
            "thread-leak: 1\ntotal: 6\noccurrences: 6\nsuppressed: 1\n");
}

TEST(JsonFormat, NormalizedDeduplicatedWithFingerprints) {
  ReportSet set = process({"data_race.jsonl", "data_race_rerun.jsonl", "lock_order_inversion.jsonl"});
  std::string out = render(Format::kJson, set, plain_options());
  std::vector<Report> again;
  std::vector<std::string> errors;
  ASSERT_TRUE(load_report_text(out, "json-output", again, errors));
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].raw["fingerprint"], set.all[0].fingerprint);
  EXPECT_EQ(again[0].raw["occurrences"], 3);
  EXPECT_EQ(again[0].raw["pids"], nlohmann::json({4242, 5150, 5151}));
  EXPECT_EQ(again[0].occurrences, 3u);  // read back
  EXPECT_EQ(again[1].raw["subkind"], "");
  for (const auto& ev : again[1].raw["events"])
    for (const char* key : {"role", "thread", "description", "stack"}) EXPECT_TRUE(ev.contains(key));
  // Unknown fields survive.
  EXPECT_EQ(again[0].raw["variable"]["name"], "counter");
  // Rendering the normalized output again is stable.
  Suppressions none;
  ReportSet twice = process_reports(again, none, nullptr);
  EXPECT_EQ(render(Format::kJson, twice, plain_options()), out);
}

TEST(Loading, MalformedLinesNamedOthersKept) {
  std::vector<Report> reports;
  std::vector<std::string> errors;
  EXPECT_FALSE(load_report_file(fixture("malformed.jsonl"), reports, errors));
  EXPECT_EQ(reports.size(), 2u);
  ASSERT_EQ(errors.size(), 3u);
  std::string f = fixture("malformed.jsonl");
  EXPECT_EQ(errors[0].rfind(f + ":2: malformed JSON: ", 0), 0u) << errors[0];
  EXPECT_EQ(errors[1], f + ":3: missing or empty string field 'kind'");
  EXPECT_EQ(errors[2], f + ":6: 'events' must be an array");
  EXPECT_EQ(reports[1].origin, f + ":5");
}

TEST(Loading, SchemaTypeErrors) {
  Report r;
  std::string error;
  EXPECT_FALSE(parse_report_line("[1,2]", r, error));
  EXPECT_EQ(error, "a report must be a JSON object");
  EXPECT_FALSE(parse_report_line(R"J({"kind":"data-race","events":[{"stack":[{"line":"7"}]}]})J", r,
                                 error));
  EXPECT_EQ(error, "events[0] stack[0] 'line' must be an integer");
  EXPECT_FALSE(parse_report_line(R"J({"kind":"data-race","suppressed":"yes"})J", r, error));
  EXPECT_FALSE(parse_report_line(R"J({"kind":7})J", r, error));
  EXPECT_TRUE(parse_report_line(R"J({"kind":"x","future_field":{"a":1},"events":[]})J", r, error));
  EXPECT_EQ(r.message, "x");
}

// Found by fuzz_report_reader in a 10-minute run: a number too large for a double makes the
// JSON parser throw out_of_range (not parse_error), which ended the tool with an uncaught
// exception.
TEST(Loading, NumberTooLargeIsAnErrorNotACrash) {
  Report r;
  std::string error;
  EXPECT_FALSE(parse_report_line(R"J({"schema":1,"kind":"data-race","pid":1e999})J", r, error));
  EXPECT_NE(error.find("malformed JSON"), std::string::npos) << error;
}

TEST(Loading, MissingFile) {
  std::vector<Report> reports;
  std::vector<std::string> errors;
  EXPECT_FALSE(load_report_file("/nonexistent/r.jsonl", reports, errors));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "cannot read report file '/nonexistent/r.jsonl': No such file or directory");
}

TEST(Merging, VisibleOccurrenceWinsOverSuppressed) {
  Report a = parse(R"J({"kind":"data-race","pid":1,"suppressed":true,"events":[]})J");
  Report b = parse(R"J({"kind":"data-race","pid":2,"events":[]})J");
  std::vector<Report> merged = merge_duplicates({a, b});
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_FALSE(merged[0].suppressed);
  EXPECT_EQ(merged[0].occurrences, 2u);
  EXPECT_EQ(merged[0].pids, (std::vector<int64_t>{1, 2}));
}

}  // namespace
}  // namespace racelight::test
