// Stalls (clean): a process-shared semaphore can be posted by another process. The parent
// (one thread) waits on a semaphore in shared memory that its child posts after sleeping
// 1 s: no stall in the parent, which the runtime cannot see the child from. No report.
// RACELIGHT-OPTIONS: deadlock_timeout_ms=100
// RACELIGHT-EXPECT: none
// RACELIGHT-TIMEOUT: 10
#include <semaphore.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  sem_t *s = mmap(NULL, sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (s == MAP_FAILED) return 2;
  sem_init(s, 1, 0);
  pid_t child = fork();
  if (child == 0) {
    sleep(1);
    sem_post(s);
    _exit(0);
  }
  sem_wait(s);
  int status;
  waitpid(child, &status, 0);
  puts("done");
  return 0;
}
