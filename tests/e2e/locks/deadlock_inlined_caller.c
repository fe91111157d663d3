// Locks: an ABBA deadlock whose lock calls sit in an always_inline helper. Inlined, the helper
// has no frame of its own at run time, but the deadlock's stacks must still name both the
// helper's lock line and the line of the worker that called the helper: the pass gives each
// site the chain of source lines its code was inlined through. (At -O1 and above the
// caller's line used to vanish: the stack went from the lock line straight to the caller of
// the worker.) A barrier makes both threads hold their first lock before asking for the
// second, so the deadlock always forms.
// RACELIGHT-EXPECT: deadlock subkind=cycle lines=@FIRST,@FIRST,@SECOND,@SECOND stack=@SECOND,@CALL,@START
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
pthread_barrier_t both_hold_one;

struct order {
  pthread_mutex_t *first, *second;
};

static inline __attribute__((always_inline)) void lock_in_order(const struct order *o) {
  pthread_mutex_lock(o->first); // @FIRST
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(o->second); // @SECOND
  pthread_mutex_unlock(o->second);
  pthread_mutex_unlock(o->first);
}

static __attribute__((noinline)) void worker_body(const struct order *o) {
  lock_in_order(o); // @CALL
  __asm__ volatile("" ::: "memory"); // no tail call: worker_body keeps its frame
}

static void *worker(void *arg) {
  worker_body(arg); // @START
  return arg;
}

int main(void) {
  static const struct order ab = {&a, &b}, ba = {&b, &a};
  pthread_barrier_init(&both_hold_one, NULL, 2);
  pthread_t t1, t2;
  pthread_create(&t1, NULL, worker, (void *)&ab);
  pthread_create(&t2, NULL, worker, (void *)&ba);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  puts("not reached: the threads deadlock");
  return 1;
}
