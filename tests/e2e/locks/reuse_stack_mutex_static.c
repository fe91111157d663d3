// Locks (clean): a mutex initialized with PTHREAD_MUTEX_INITIALIZER (a plain store, no call
// the runtime sees) where an abandoned, still-locked mutex lived is a new, unlocked mutex.
// leave_locked() returns holding its local mutex; the next call of the same function gets
// the same frame and takes the new mutex: no deadlock/self (the real lock word is unlocked).
// Then the same again, but the new mutex is first taken by another thread, so the main
// thread, which the model still remembers as holding the old one, waits for that thread
// (or finds it released: a relaxed flag, which orders nothing, makes sure in the last
// round): not a self-deadlock either, and that thread's unlock orders its write to `work`
// before main's accesses (the object the other thread used must be kept).
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>

static void *seen[6];
static int work;
static sem_t taken, may_release;
static atomic_int released;

static void *hold_a_while(void *arg) {
  pthread_mutex_lock(arg);
  sem_post(&taken);
  sem_wait(&may_release);
  work++;
  pthread_mutex_unlock(arg);
  atomic_store_explicit(&released, 1, memory_order_relaxed);
  return NULL;
}

__attribute__((noinline)) static void leave_locked(int call, int mode) {
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  seen[call] = &m;
  pthread_t t;
  if (mode >= 2) {  // another thread takes the new mutex first and holds it
    atomic_store_explicit(&released, 0, memory_order_relaxed);
    pthread_create(&t, NULL, hold_a_while, &m);
    sem_wait(&taken);
    sem_post(&may_release);
    while (mode == 3 && !atomic_load_explicit(&released, memory_order_relaxed)) {}
  }
  pthread_mutex_lock(&m);
  work++;
  if (mode == 0) return;  // abandons the mutex, still locked
  pthread_mutex_unlock(&m);
  if (mode >= 2) pthread_join(t, NULL);
}

int main(void) {
  sem_init(&taken, 0, 0);
  sem_init(&may_release, 0, 0);
  static const int modes[6] = {0, 1, 0, 2, 0, 3};  // abandon, then use the new mutex
  int reused = 1;
  for (int call = 0; call < 6; call++) {
    leave_locked(call, modes[call]);
    reused &= seen[call] == seen[0];
  }
  printf("work = %d, frame %s\n", work, reused ? "reused" : "not reused");
  return work == 8 && reused ? 0 : 1;
}
