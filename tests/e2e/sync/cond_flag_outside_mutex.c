// Sync (racy): the condition flag is set WITHOUT holding the mutex the waiter checks it
// under, and signalled without the mutex. The waiter polls with short timed waits (so a lost
// wake-up cannot hang it). The flag write races with the waiter's read of it, whichever comes
// first: the setter never touches the mutex, so nothing orders them.
// RACELIGHT-EXPECT: data-race lines=@SET,@CHECK var=ready
#include <pthread.h>
#include <stdio.h>
#include <time.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t c = PTHREAD_COND_INITIALIZER;
int ready;

static void *setter(void *arg) {
  (void)arg;
  ready = 1; // @SET
  pthread_cond_signal(&c);
  return NULL;
}

static void *waiter(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m);
  while (!ready) { // @CHECK
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 1000000;
    if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
    pthread_cond_timedwait(&c, &m, &ts);
  }
  pthread_mutex_unlock(&m);
  return NULL;
}

int main(void) {
  pthread_t s, w;
  pthread_create(&w, NULL, waiter, NULL);
  pthread_create(&s, NULL, setter, NULL);
  pthread_join(w, NULL);
  pthread_join(s, NULL);
  puts("done");
  return 0;
}
