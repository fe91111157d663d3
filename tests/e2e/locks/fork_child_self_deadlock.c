// Locks: a real self-deadlock in the child of fork. Main locks a mutex and forks; the child
// (whose only thread is the copy of main, holding the mutex) locks it again and blocks for
// ever. The C library's lock word names main's kernel thread id in the parent, which is no
// thread of the child: the model (the child holds it) is right, and the child must get
// deadlock/self and end with 66 (the parent returns the child's status), not hang.
// RACELIGHT-EXPECT: deadlock subkind=self lines=@AGAIN,@FIRST
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_mutex_lock(&m); // @FIRST
  pid_t pid = fork();
  if (pid == 0) {
    pthread_mutex_lock(&m); // @AGAIN
    puts("not reached: the child deadlocks");
    exit(1);
  }
  pthread_mutex_unlock(&m);
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
