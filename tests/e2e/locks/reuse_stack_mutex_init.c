// Locks (clean): a lock initialized with pthread_*_init where an abandoned, still-locked lock
// lived is a new, unlocked lock. leave_locked() returns while holding its local mutex (and
// rwlock, spinlock); the next call of the same function from the same caller gets the same
// frame, initializes fresh locks at the same addresses and takes them. Racelight used to
// find the old lock in the thread's held list and report a false deadlock/self (then end the
// program); the init call must give the address a fresh lock.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

static void *seen[2];
static int work;

__attribute__((noinline)) static void leave_locked(int call, int unlock) {
  pthread_mutex_t m;
  pthread_rwlock_t rw;
  pthread_spinlock_t spin;
  pthread_mutex_init(&m, NULL);
  pthread_rwlock_init(&rw, NULL);
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  seen[call] = &m;
  pthread_mutex_lock(&m);
  pthread_rwlock_wrlock(&rw);
  pthread_spin_lock(&spin);
  work++;
  if (!unlock) return;  // abandons the three locks, still locked
  pthread_spin_unlock(&spin);
  pthread_rwlock_unlock(&rw);
  pthread_mutex_unlock(&m);
  pthread_spin_destroy(&spin);
  pthread_rwlock_destroy(&rw);
  pthread_mutex_destroy(&m);
}

int main(void) {
  leave_locked(0, 0);
  leave_locked(1, 1);
  printf("work = %d, frame %s\n", work, seen[0] == seen[1] ? "reused" : "not reused");
  return work == 2 && seen[0] == seen[1] ? 0 : 1;
}
