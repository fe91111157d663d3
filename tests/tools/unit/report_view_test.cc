// The shared pieces of the one text renderer (runtime/report_view_text.cc, compiled into the
// runtime and into the tool): source lines, paths, system frames and their folding.
#include <stdio.h>
#include <unistd.h>

#include <string>

#include "report_view.h"
#include "test_util.h"

namespace racelight::test {
namespace {

namespace v = rl::view;

std::string temp_file(const std::string& contents) {
  char path[] = "/tmp/racelight-view-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, contents.data(), contents.size()), ssize_t(contents.size()));
  close(fd);
  return path;
}

TEST(ReportView, ReadSourceLine) {
  std::string path = temp_file("one\r\ntwo\n\nfour without newline");
  char buf[64];
  ASSERT_TRUE(v::ReadSourceLine(path.c_str(), 1, "", buf, sizeof buf));
  EXPECT_STREQ(buf, "one");  // CR dropped
  ASSERT_TRUE(v::ReadSourceLine(path.c_str(), 3, "", buf, sizeof buf));
  EXPECT_STREQ(buf, "");
  ASSERT_TRUE(v::ReadSourceLine(path.c_str(), 4, "", buf, sizeof buf));
  EXPECT_STREQ(buf, "four without newline");
  EXPECT_FALSE(v::ReadSourceLine(path.c_str(), 5, "", buf, sizeof buf));
  EXPECT_FALSE(v::ReadSourceLine(path.c_str(), 0, "", buf, sizeof buf));
  EXPECT_FALSE(v::ReadSourceLine("/nonexistent/x.c", 1, "", buf, sizeof buf));
  char small[4];
  ASSERT_TRUE(v::ReadSourceLine(path.c_str(), 2, "", small, sizeof small));
  EXPECT_STREQ(small, "two");
  ASSERT_TRUE(v::ReadSourceLine(path.c_str(), 4, "", small, sizeof small));
  EXPECT_STREQ(small, "fou");  // cut, still terminated
  // Relative names under the root.
  std::string dir = path.substr(0, path.rfind('/'));
  std::string name = path.substr(path.rfind('/') + 1);
  ASSERT_TRUE(v::ReadSourceLine(name.c_str(), 2, dir.c_str(), buf, sizeof buf));
  EXPECT_STREQ(buf, "two");
  unlink(path.c_str());
}

TEST(ReportView, DisplayPath) {
  char buf[256];
  EXPECT_STREQ(v::DisplayPath("/src/app/a.c", "/src/app", buf, sizeof buf), "a.c");
  EXPECT_STREQ(v::DisplayPath("/src/app/a.c", "/src/app/", buf, sizeof buf), "a.c");
  EXPECT_STREQ(v::DisplayPath("/src/application/a.c", "/src/app", buf, sizeof buf),
               "/src/application/a.c");
  EXPECT_STREQ(v::DisplayPath("rel/a.c", "/src", buf, sizeof buf), "rel/a.c");
  EXPECT_STREQ(v::DisplayPath("/src/a.c", "", buf, sizeof buf), "/src/a.c");
}

TEST(ReportView, SystemFramesAndGroups) {
  rl_site user{"work()", "/home/me/a.cc", 3, 1, 0, 0};
  rl_site flagged{"std::mutex::lock()", "/opt/gcc/include/c++/14/bits/std_mutex.h", 100, 17, 0,
                  RL_SITE_SYSTEM_HEADER};
  rl_site thread{"std::thread::_State_impl<...>::_M_run()",
                 "/usr/lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/bits/std_thread.h",
                 210, 13, 0, 0};
  rl_site libc{"start_thread", "/usr/lib/x86_64-linux-gnu/libc.so.6", 0, 0, 0, 0};
  rl_site runtime{"__rl_func_entry", "", 0, 0, 0, 0};
  EXPECT_FALSE(v::IsSystemFrame(user));
  EXPECT_TRUE(v::IsSystemFrame(flagged));
  EXPECT_TRUE(v::IsSystemFrame(thread));
  EXPECT_TRUE(v::IsSystemFrame(libc));
  EXPECT_TRUE(v::IsSystemFrame(runtime));
  EXPECT_STREQ(v::SystemGroup(flagged), "libstdc++");
  EXPECT_STREQ(v::SystemGroup(thread), "libstdc++");
  EXPECT_STREQ(v::SystemGroup(libc), "libc");
  EXPECT_STREQ(v::SystemGroup(runtime), "racelight");

  // Folding keeps the numbering; the top user frame skips system frames.
  const rl_site* frames[] = {&flagged, &thread, &user, &libc};
  v::Event e;
  e.role = "lock-wanted";
  e.description = "waits";
  e.stack.frames = frames;
  e.stack.size = 4;
  v::Report r;
  r.kind = "deadlock";
  r.message = "m";
  r.events = &e;
  r.num_events = 1;
  EXPECT_EQ(v::TopUserFrame(e.stack), &user);
  EXPECT_EQ(v::PrimaryEvent(r), 0);
  std::string out;
  v::Sink sink;
  sink.write = [](void* c, const char* t, size_t n) { static_cast<std::string*>(c)->append(t, n); };
  sink.context = &out;
  v::TextOptions o;
  o.show_source = false;
  v::RenderText(r, o, sink);
  EXPECT_EQ(out,
            "==================\n"
            "/home/me/a.cc:3:1: deadlock: m\n"
            "  waits [lock-wanted]:\n"
            "    ... 2 frames in libstdc++\n"
            "    #2 work() /home/me/a.cc:3:1\n"
            "    ... 1 frame in libc\n"
            "SUMMARY: racelight: deadlock /home/me/a.cc:3:1 in work()\n"
            "==================\n");
  out.clear();
  o.show_system_frames = true;
  v::RenderText(r, o, sink);
  EXPECT_NE(out.find("    #0 std::mutex::lock() /opt/gcc/include/c++/14/bits/std_mutex.h:100:17\n"
                     "    #1 std::thread::_State_impl<...>::_M_run() "),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    #3 start_thread /usr/lib/x86_64-linux-gnu/libc.so.6 (no line info)\n"),
            std::string::npos)
      << out;
  // Colour only when asked.
  EXPECT_EQ(out.find('\033'), std::string::npos);
  out.clear();
  o.color = true;
  v::RenderText(r, o, sink);
  EXPECT_NE(out.find("\033[1;31mdeadlock:\033[0m"), std::string::npos) << out;
}

}  // namespace
}  // namespace racelight::test
