/* benchrun: run one program and measure it, for tests/perf/run_bench.sh.
 *
 *   benchrun STDOUT_FILE STDERR_FILE PROGRAM [ARGS...]
 *
 * Runs PROGRAM with its stdout and stderr sent to the two files, waits for it with wait4()
 * and prints one line on its own stdout:
 *
 *   <wall seconds> <max RSS in KiB> <status>
 *
 * where wall time is measured with CLOCK_MONOTONIC from just before fork() to just after
 * wait4(), max RSS is the child's ru_maxrss, and status is the exit code, or 128+N when the
 * child was killed by signal N. It needs nothing but libc, so the benchmark does not depend
 * on GNU time being installed. Exits 0 when the measurement was made (whatever the child's
 * status), 2 on usage or system errors, 127 when PROGRAM could not be executed.
 *
 * BENCHRUN_TIMEOUT=SECONDS kills the child with SIGKILL after that long; the status is then
 * reported as 124 (as coreutils timeout does).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile sig_atomic_t timed_out = 0;
static volatile pid_t child_pid = 0;

static void on_alarm(int sig) {
  (void)sig;
  timed_out = 1;
  if (child_pid > 0) kill(child_pid, SIGKILL);
}

static int open_output(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fprintf(stderr, "benchrun: cannot open %s: %s\n", path, strerror(errno));
  return fd;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: benchrun STDOUT_FILE STDERR_FILE PROGRAM [ARGS...]\n");
    return 2;
  }
  int out = open_output(argv[1]);
  int err = open_output(argv[2]);
  if (out < 0 || err < 0) return 2;

  /* A pipe with O_CLOEXEC tells the parent whether exec succeeded. */
  int status_pipe[2];
  if (pipe2(status_pipe, O_CLOEXEC) != 0) {
    perror("benchrun: pipe2");
    return 2;
  }

  double start = now_seconds();
  pid_t pid = fork();
  if (pid < 0) {
    perror("benchrun: fork");
    return 2;
  }
  if (pid == 0) {
    close(status_pipe[0]);
    if (dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0) _exit(127);
    execvp(argv[3], argv + 3);
    int e = errno;
    ssize_t ignored = write(status_pipe[1], &e, sizeof e);
    (void)ignored;
    _exit(127);
  }
  child_pid = pid;
  const char *limit = getenv("BENCHRUN_TIMEOUT");
  if (limit && atoi(limit) > 0) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    alarm((unsigned)atoi(limit));
  }
  close(status_pipe[1]);
  close(out);
  close(err);

  int exec_errno = 0;
  ssize_t got;
  do got = read(status_pipe[0], &exec_errno, sizeof exec_errno);
  while (got < 0 && errno == EINTR);
  close(status_pipe[0]);

  int wstatus = 0;
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  pid_t w;
  do w = wait4(pid, &wstatus, 0, &ru);
  while (w < 0 && errno == EINTR);
  double elapsed = now_seconds() - start;
  alarm(0);
  if (w < 0) {
    perror("benchrun: wait4");
    return 2;
  }
  if (got == (ssize_t)sizeof exec_errno) {
    fprintf(stderr, "benchrun: cannot execute %s: %s\n", argv[3], strerror(exec_errno));
    return 127;
  }

  int status;
  if (timed_out)
    status = 124;
  else if (WIFEXITED(wstatus))
    status = WEXITSTATUS(wstatus);
  else if (WIFSIGNALED(wstatus))
    status = 128 + WTERMSIG(wstatus);
  else
    status = 255;
  printf("%.4f %ld %d\n", elapsed, (long)ru.ru_maxrss, status);
  return 0;
}
