#include "run.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <vector>

#include "commands.h"
#include "paths.h"

namespace racelight {

std::string extend_racelight_options(const std::string& existing, const std::string& report_path) {
  std::string out = existing;
  while (!out.empty() && (out.back() == ' ' || out.back() == ':')) out.pop_back();
  if (!out.empty()) out += ' ';
  // The runtime's own text reports would repeat what `run` renders: silence them, unless
  // the user chose where they go.
  if (racelight_option(existing, "log_path").empty()) out += "log_path=/dev/null ";
  out += "report_path=" + report_path + " exitcode=0";
  return out;
}

std::string racelight_option(const std::string& options, const std::string& key) {
  // Same grammar as the runtime (runtime/options.cc): entries separated by spaces, colons,
  // commas, tabs or newlines; a value may be quoted with '...' or "...".
  auto separator = [](char c) {
    return c == ' ' || c == ':' || c == ',' || c == '\t' || c == '\n';
  };
  std::string found;
  size_t p = 0, n = options.size();
  while (p < n) {
    while (p < n && separator(options[p])) ++p;
    if (p >= n) break;
    size_t key_start = p;
    while (p < n && options[p] != '=' && !separator(options[p])) ++p;
    std::string k = options.substr(key_start, p - key_start);
    if (p >= n || options[p] != '=') continue;  // no value: the runtime rejects it
    ++p;
    std::string value;
    char quote = (p < n && (options[p] == '\'' || options[p] == '"')) ? options[p++] : 0;
    while (p < n && (quote ? options[p] != quote : !separator(options[p]))) value += options[p++];
    if (quote && p < n) ++p;
    if (k == key) found = value;
  }
  return found;
}

namespace {

volatile sig_atomic_t g_child = 0;

void forward_signal(int sig, siginfo_t* info, void*) {
  // Signals from the terminal (SI_KERNEL) already reached the child, which is in the same
  // foreground process group; forward the ones sent to racelight alone (kill, timeout, CI).
  if (info && info->si_code == SI_KERNEL) return;
  pid_t child = g_child;
  if (child > 0) kill(child, sig);
}

const int kForwarded[] = {SIGINT, SIGTERM, SIGHUP};

// A directory for the report file whose path the runtime's option parser can take (no
// spaces or colons).
std::string temp_directory() {
  const char* tmp = std::getenv("TMPDIR");
  if (tmp && *tmp && std::strpbrk(tmp, " :,\t\n'\"") == nullptr) {
    struct stat st;
    if (stat(tmp, &st) == 0 && S_ISDIR(st.st_mode) && access(tmp, W_OK) == 0) return tmp;
  }
  return "/tmp";
}

double now_seconds() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

// Waits for `child`; reaps any other descendant that was reparented to us meanwhile.
int wait_for(pid_t child) {
  int status = 0;
  while (true) {
    pid_t pid = waitpid(-1, &status, 0);
    if (pid == child) return status;
    if (pid < 0 && errno == ECHILD) return 0;  // cannot happen: the child is ours
  }
}

// Reaps descendants (reparented to us as subreaper) until none is left or the grace period
// ends. Returns how many were still running.
int wait_for_descendants() {
  double deadline = now_seconds() + kDescendantGraceSeconds;
  while (true) {
    int status;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid < 0 && errno == ECHILD) return 0;
    if (pid > 0) continue;
    if (pid < 0 && errno == EINTR) continue;
    if (now_seconds() > deadline) break;
    usleep(20000);
  }
  // Count what is left (non-blocking: they keep running).
  int left = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat_text;
    if (!read_file(entry.path().string() + "/stat", stat_text)) continue;
    size_t close = stat_text.rfind(')');
    if (close == std::string::npos) continue;
    // Fields after ") ": state ppid ...
    int ppid = 0;
    char state = 0;
    if (std::sscanf(stat_text.c_str() + close + 1, " %c %d", &state, &ppid) == 2 &&
        ppid == getpid())
      ++left;
  }
  return left;
}

}  // namespace

int cmd_run(const CommandOptions& options) {
  if (options.args.empty()) {
    print_error("run: no program given (usage: racelight run [options] -- PROGRAM [ARGS...])");
    return kExitRunError;
  }
  const std::string& program = options.args[0];

  // Everything that can fail on racelight's side is checked before the program runs.
  const char* env_options = std::getenv("RACELIGHT_OPTIONS");
  std::string user_options = env_options ? env_options : "";
  std::vector<std::string> suppression_files = options.suppressions;
  std::string from_env = racelight_option(user_options, "suppressions");
  if (!from_env.empty()) suppression_files.push_back(from_env);
  Suppressions suppressions;
  if (!load_suppressions(suppression_files, suppressions)) return kExitRunError;
  Baseline baseline;
  if (!options.baseline.empty()) {
    std::vector<std::string> errors;
    bool ok = baseline.load_file(options.baseline, errors);
    print_load_errors(errors);
    if (!ok) return kExitRunError;
  }
  if (!check_output_writable(options.output)) return kExitRunError;
  if (!options.keep_reports.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options.keep_reports, ec);
    if (ec || access(options.keep_reports.c_str(), W_OK) != 0) {
      print_error("cannot use --keep-reports directory '" + options.keep_reports +
                  "': " + (ec ? ec.message() : std::string(std::strerror(errno))));
      return kExitRunError;
    }
  }

  std::string report_path = temp_directory() + "/racelight-XXXXXX.jsonl";
  std::vector<char> templ(report_path.begin(), report_path.end());
  templ.push_back('\0');
  int tmp_fd = mkstemps(templ.data(), 6);
  if (tmp_fd < 0) {
    print_error("cannot create a temporary report file in " + temp_directory() + ": " +
                std::strerror(errno));
    return kExitRunError;
  }
  close(tmp_fd);
  report_path = templ.data();
  std::string child_options = extend_racelight_options(user_options, report_path);

  std::vector<char*> argv;
  for (const std::string& a : options.args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  // Orphaned grandchildren are reparented to us, so their reports are waited for too.
  prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

  int exec_pipe[2];
  if (pipe2(exec_pipe, O_CLOEXEC) != 0) {
    print_error(std::string("pipe: ") + std::strerror(errno));
    unlink(report_path.c_str());
    return kExitRunError;
  }

  // Block the forwarded signals until the child's pid is known.
  sigset_t block, old_mask;
  sigemptyset(&block);
  for (int s : kForwarded) sigaddset(&block, s);
  sigprocmask(SIG_BLOCK, &block, &old_mask);
  struct sigaction old_actions[3];
  for (int i = 0; i < 3; ++i) {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = forward_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(kForwarded[i], &sa, &old_actions[i]);
  }

  std::cout.flush();
  std::cerr.flush();
  pid_t child = fork();
  if (child < 0) {
    int err = errno;
    sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    print_error(std::string("fork: ") + std::strerror(err));
    unlink(report_path.c_str());
    return kExitRunError;
  }
  if (child == 0) {
    for (int i = 0; i < 3; ++i) sigaction(kForwarded[i], &old_actions[i], nullptr);
    sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    close(exec_pipe[0]);
    setenv("RACELIGHT_OPTIONS", child_options.c_str(), 1);
    execvp(program.c_str(), argv.data());
    int err = errno;
    ssize_t ignored = write(exec_pipe[1], &err, sizeof err);
    (void)ignored;
    _exit(kExitNotFound);
  }
  g_child = child;
  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  close(exec_pipe[1]);

  int exec_errno = 0;
  ssize_t n;
  do {
    n = read(exec_pipe[0], &exec_errno, sizeof exec_errno);
  } while (n < 0 && errno == EINTR);
  close(exec_pipe[0]);

  int status = wait_for(child);
  g_child = 0;
  if (n == static_cast<ssize_t>(sizeof exec_errno)) {
    unlink(report_path.c_str());
    print_error("run: cannot execute '" + program + "': " + std::strerror(exec_errno));
    return exec_errno == ENOENT || exec_errno == ENOTDIR ? kExitNotFound : kExitCannotExecute;
  }
  int left = wait_for_descendants();
  if (left > 0)
    print_warning(std::to_string(left) + " process(es) started by '" + program +
                  "' still running after " + std::to_string(kDescendantGraceSeconds) +
                  " s; reports they write later are not collected");
  for (int i = 0; i < 3; ++i) sigaction(kForwarded[i], &old_actions[i], nullptr);

  int program_status = 0;
  bool killed = false;
  if (WIFEXITED(status)) {
    program_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    killed = true;
    program_status = 128 + WTERMSIG(status);
  }

  // Collect.
  ReportCollector collector(suppressions);
  std::vector<std::string> errors;
  bool reports_ok = read_report_stream(
      report_path, [&](Report&& r) { collector.add(std::move(r)); }, errors);
  print_load_errors(errors);
  if (!options.keep_reports.empty()) {
    std::string kept = options.keep_reports + "/" + path_basename(program) + "." +
                       std::to_string(child) + ".jsonl";
    std::error_code ec;
    std::filesystem::copy_file(report_path, kept,
                               std::filesystem::copy_options::overwrite_existing, ec);
    if (ec)
      print_error("cannot keep reports in '" + kept + "': " + ec.message());
    else
      std::cerr << "racelight: raw reports kept in " << kept << std::endl;
  }
  unlink(report_path.c_str());

  ReportSet set = collector.finish(options.baseline.empty() ? nullptr : &baseline);
  warn_omitted(set);
  RenderOptions ro = render_options(options, STDERR_FILENO);
  bool written = write_output(options.output, render(options.format, set, ro), STDERR_FILENO);

  if (killed) {
    // After the reports, so it is the last word: a crash must not pass for a run that only
    // found reports, so the status is the crash's whatever was reported.
    int sig = WTERMSIG(status);
    const char* name = strsignal(sig);
    std::cerr << "racelight: program killed by signal " << sig << " (" << (name ? name : "?")
              << ")" << (WCOREDUMP(status) ? ", core dumped" : "") << std::endl;
    return program_status;
  }
  if (set.summary.reports > 0) return kExitReports;
  if (!reports_ok || !written) return kExitRunError;
  return program_status;
}

}  // namespace racelight
