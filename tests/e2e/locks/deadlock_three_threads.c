// Locks: three dining philosophers that really deadlock. Philosopher i takes fork i, waits
// at a barrier until every philosopher holds their left fork, then takes fork (i+1)%3: each
// waits for the fork its neighbour holds. Racelight must report one deadlock (cycle) with
// the three threads, each one's held fork (left) and wanted fork (right), then end the
// process with status 66 instead of hanging.
// RACELIGHT-EXPECT: deadlock subkind=cycle lines=@LEFT,@LEFT,@LEFT,@RIGHT,@RIGHT,@RIGHT
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>

#define N 3
pthread_mutex_t fork_lock[N];
pthread_barrier_t all_hold_left;
int meals[N];

static void *philosopher(void *arg) {
  long i = (long)arg;
  pthread_mutex_t *left = &fork_lock[i], *right = &fork_lock[(i + 1) % N];
  pthread_mutex_lock(left); // @LEFT
  pthread_barrier_wait(&all_hold_left);
  pthread_mutex_lock(right); // @RIGHT
  meals[i]++;
  pthread_mutex_unlock(right);
  pthread_mutex_unlock(left);
  return NULL;
}

int main(void) {
  for (int i = 0; i < N; ++i) pthread_mutex_init(&fork_lock[i], NULL);
  pthread_barrier_init(&all_hold_left, NULL, N);
  pthread_t t[N];
  for (long i = 0; i < N; ++i) pthread_create(&t[i], NULL, philosopher, (void *)i);
  for (int i = 0; i < N; ++i) pthread_join(t[i], NULL);
  puts("not reached: the philosophers deadlock");
  return 1;
}
