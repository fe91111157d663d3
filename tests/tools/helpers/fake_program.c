/* A stand-in for a program built with Racelight, for testing `racelight run` without the
 * runtime: it is NOT instrumented. Like the runtime, it finds report_path= in
 * RACELIGHT_OPTIONS (last one wins, entries separated by spaces or colons) and appends one
 * JSON line per report with a single write(2) on a file opened with O_APPEND.
 *
 *   fake_program clean            exit 0, no report
 *   fake_program report [FUNC]    one data-race report (in FUNC), exit 0
 *   fake_program exit N           exit N, no report
 *   fake_program report-exit N    one report, exit N
 *   fake_program signal           killed by SIGKILL
 *   fake_program report-crash     one report, then killed by SIGSEGV (no core dump)
 *   fake_program report-abort     one report, then abort() (SIGABRT, no core dump)
 *   fake_program fork             the parent and a forked child each report (different
 *                                 lines), the parent waits for the child
 *   fake_program orphan           forks a child that reports 300 ms later; the parent
 *                                 exits at once
 *   fake_program wait-term READY  creates the file READY, reports when SIGTERM arrives,
 *                                 then exits 7; exits 1 if none arrives within 10 s
 *   fake_program print-options    prints RACELIGHT_OPTIONS on stdout
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char report_path[4096];

static void find_report_path(void) {
  const char *opts = getenv("RACELIGHT_OPTIONS");
  report_path[0] = '\0';
  if (!opts) return;
  const char *p = opts;
  while (*p) {
    size_t n = strcspn(p, " :");
    if (n > 12 && strncmp(p, "report_path=", 12) == 0 && n - 12 < sizeof report_path) {
      memcpy(report_path, p + 12, n - 12);
      report_path[n - 12] = '\0';
    }
    p += n;
    while (*p == ' ' || *p == ':') ++p;
  }
}

static void report(const char *function, int line) {
  if (!report_path[0]) return;
  char buf[2048];
  int n = snprintf(buf, sizeof buf,
    "{\"schema\":1,\"kind\":\"data-race\",\"message\":\"data race on global 'shared' (4 bytes)\","
    "\"pid\":%d,\"program\":\"/tmp/fake_program\",\"events\":["
    "{\"role\":\"current-access\",\"thread\":1,\"description\":\"Write of size 4 at 0x%x by thread 1\","
    "\"stack\":[{\"function\":\"%s\",\"file\":\"/src/fake/program.c\",\"line\":%d,\"column\":5}],"
    "\"access\":{\"type\":\"write\",\"size\":4,\"address\":\"0x%x\",\"atomic\":false}},"
    "{\"role\":\"previous-access\",\"thread\":2,\"description\":\"Previous read of size 4 by thread 2\","
    "\"stack\":[{\"function\":\"reader\",\"file\":\"/src/fake/program.c\",\"line\":40,\"column\":9}]}],"
    "\"variable\":{\"type\":\"global\",\"name\":\"shared\",\"size\":4}}\n",
    (int)getpid(), 0x1000 + (int)getpid(), function, line, 0x1000 + (int)getpid());
  int fd = open(report_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  ssize_t w = write(fd, buf, (size_t)n);
  (void)w;
  close(fd);
}

static volatile sig_atomic_t got_term;
static void on_term(int sig) { (void)sig; got_term = 1; }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "clean";
  find_report_path();
  if (!strcmp(mode, "clean")) return 0;
  if (!strcmp(mode, "report")) {
    report(argc > 2 ? argv[2] : "writer", 30);
    return 0;
  }
  if (!strcmp(mode, "exit")) return argc > 2 ? atoi(argv[2]) : 0;
  if (!strcmp(mode, "report-exit")) {
    report("writer", 30);
    return argc > 2 ? atoi(argv[2]) : 0;
  }
  if (!strcmp(mode, "signal")) {
    kill(getpid(), SIGKILL);
    return 0;
  }
  if (!strcmp(mode, "report-crash") || !strcmp(mode, "report-abort")) {
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    report("writer", 30);
    if (!strcmp(mode, "report-abort")) abort();
    signal(SIGSEGV, SIG_DFL);
    raise(SIGSEGV);
    return 0;
  }
  if (!strcmp(mode, "fork")) {
    pid_t child = fork();
    if (child == 0) {
      report("child_writer", 50);
      _exit(0);
    }
    report("parent_writer", 30);
    int status;
    waitpid(child, &status, 0);
    return 0;
  }
  if (!strcmp(mode, "orphan")) {
    if (fork() == 0) {
      struct timespec ts = {0, 300 * 1000 * 1000};
      nanosleep(&ts, 0);
      report("orphan_writer", 60);
      _exit(0);
    }
    return 0;
  }
  if (!strcmp(mode, "wait-term")) {
    signal(SIGTERM, on_term);
    if (argc > 2) close(open(argv[2], O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    for (int i = 0; i < 1000 && !got_term; ++i) {
      struct timespec ts = {0, 10 * 1000 * 1000};
      nanosleep(&ts, 0);
    }
    if (!got_term) return 1;
    report("term_handler", 70);
    return 7;
  }
  if (!strcmp(mode, "print-options")) {
    const char *opts = getenv("RACELIGHT_OPTIONS");
    printf("%s\n", opts ? opts : "");
    return 0;
  }
  fprintf(stderr, "fake_program: unknown mode %s\n", mode);
  return 100;
}
