// Core (clean): fork while another thread of the parent runs; the child does correct
// threaded work (a mutex-protected counter) and reads what the parent's thread wrote before
// the fork without synchronizing with it. The child starts from a copy of the parent's
// memory and that thread does not exist there: everything done before the fork is ordered
// before the child, so nothing is a race (Racelight used to report the read). The child
// exits 0 and the parent returns its status.
// RACELIGHT-EXPECT: none
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
long counter;
int setting;           // written by the parent's thread before the fork
atomic_int written;    // relaxed: orders nothing
sem_t parent_done;

static void *count(void *arg) {
  for (int i = 0; i < 1000; i++) {
    pthread_mutex_lock(&lock);
    counter += setting;
    pthread_mutex_unlock(&lock);
  }
  return arg;
}

static void *parent_worker(void *arg) {
  setting = 1;
  atomic_store_explicit(&written, 1, memory_order_relaxed);
  sem_wait(&parent_done);  // still running when main forks
  return arg;
}

int main(void) {
  sem_init(&parent_done, 0, 0);
  pthread_t worker;
  pthread_create(&worker, NULL, parent_worker, NULL);
  while (!atomic_load_explicit(&written, memory_order_relaxed)) {}
  pid_t pid = fork();
  if (pid == 0) {
    pthread_t t[2];
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, count, NULL);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    printf("child: counter = %ld\n", counter);
    exit(counter == 2000 ? 0 : 1);
  }
  sem_post(&parent_done);
  pthread_join(worker, NULL);
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
