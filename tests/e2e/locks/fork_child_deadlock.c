// Locks: a real ABBA deadlock in the child of fork. The parent has a thread running when it
// forks; in the child, thread 1 takes A then B and thread 2 takes B then A, with a barrier
// between the acquisitions so the deadlock always forms. The child must get the deadlock
// report and end with 66, like any process (the parent returns the child's status). The
// deadlock watcher used not to exist in the child: it hung for ever without a report.
// RACELIGHT-EXPECT: deadlock subkind=cycle lines=@T1_A,@T1_B,@T2_B,@T2_A
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold_one;
sem_t parent_done;

static void *thread1(void *arg) {
  pthread_mutex_lock(&a); // @T1_A
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&b); // @T1_B
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  return arg;
}

static void *thread2(void *arg) {
  pthread_mutex_lock(&b); // @T2_B
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&a); // @T2_A
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
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
    pthread_barrier_init(&both_hold_one, NULL, 2);
    pthread_t t1, t2;
    pthread_create(&t1, NULL, thread1, NULL);
    pthread_create(&t2, NULL, thread2, NULL);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    puts("not reached: the child's threads deadlock");
    return 1;
  }
  sem_post(&parent_done);
  pthread_join(worker, NULL);
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
