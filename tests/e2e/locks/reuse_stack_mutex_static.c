// Locks (clean): a mutex initialized with PTHREAD_MUTEX_INITIALIZER (a plain store, no call
// the runtime sees) where an abandoned, still-locked mutex lived is a new, unlocked mutex.
// leave_locked() returns holding its local mutex; the next call of the same function gets
// the same frame and takes the new mutex: no deadlock/self (the real lock word is unlocked).
// Then the same again, but the new mutex is first taken by another thread, so the main
// thread, which the model still remembers as holding the old one, really waits for that
// thread: not a self-deadlock either (the real owner is the other thread).
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static void *seen[4];
static int work;
static sem_t taken, may_release;

static void *hold_a_while(void *arg) {
  pthread_mutex_lock(arg);
  sem_post(&taken);
  sem_wait(&may_release);
  work++;
  pthread_mutex_unlock(arg);
  return NULL;
}

__attribute__((noinline)) static void leave_locked(int call, int mode) {
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  seen[call] = &m;
  pthread_t t;
  if (mode == 2) {  // another thread takes the new mutex first and holds it
    pthread_create(&t, NULL, hold_a_while, &m);
    sem_wait(&taken);
    sem_post(&may_release);
  }
  pthread_mutex_lock(&m);
  work++;
  if (mode == 0) return;  // abandons the mutex, still locked
  pthread_mutex_unlock(&m);
  if (mode == 2) pthread_join(t, NULL);
}

int main(void) {
  sem_init(&taken, 0, 0);
  sem_init(&may_release, 0, 0);
  leave_locked(0, 0);
  leave_locked(1, 1);
  leave_locked(2, 0);
  leave_locked(3, 2);
  int reused = seen[0] == seen[1] && seen[1] == seen[2] && seen[2] == seen[3];
  printf("work = %d, frame %s\n", work, reused ? "reused" : "not reused");
  return work == 5 && reused ? 0 : 1;
}
