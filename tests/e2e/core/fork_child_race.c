// Core: a data race in the child of fork (two threads of the child increment a global
// without a lock) is reported like any other, in the report file the parent's options
// name, and the child ends with 66 (the parent returns the child's status). The parent
// has a thread running when it forks.
// RACELIGHT-EXPECT: data-race lines=@INC,@INC var=hits vartype=global
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int hits;
sem_t parent_done;

static void *hit(void *arg) {
  hits++; // @INC
  return arg;
}

static void *parent_worker(void *arg) {
  sem_wait(&parent_done);  // still running when main forks
  return arg;
}

int main(void) {
  sem_init(&parent_done, 0, 0);
  pthread_t worker;
  pthread_create(&worker, NULL, parent_worker, NULL);
  pid_t pid = fork();
  if (pid == 0) {
    pthread_t t[2];
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, hit, NULL);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    printf("child: hits = %d\n", hits);
    exit(0);
  }
  sem_post(&parent_done);
  pthread_join(worker, NULL);
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
