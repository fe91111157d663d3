// Misuse (racy): locking, unlocking, and waiting with mutexes that were destroyed (glibc
// fails each call with EINVAL). One report each, naming where the mutex was destroyed;
// a repeated use of the same destroyed mutex is not reported again.
// RACELIGHT-EXPECT: mutex-misuse subkind=use-after-destroy lines=@LOCK,@D1
// RACELIGHT-EXPECT: mutex-misuse subkind=use-after-destroy lines=@UNLOCK,@D2
// RACELIGHT-EXPECT: mutex-misuse subkind=use-after-destroy lines=@WAIT,@D3
#include <errno.h>
#include <pthread.h>

pthread_mutex_t m1, m2, m3;
pthread_cond_t c = PTHREAD_COND_INITIALIZER;

int main(void) {
  pthread_mutex_init(&m1, 0);
  pthread_mutex_init(&m2, 0);
  pthread_mutex_init(&m3, 0);
  pthread_mutex_destroy(&m1); // @D1
  pthread_mutex_destroy(&m2); // @D2
  pthread_mutex_destroy(&m3); // @D3
  int bad = 0;
  bad += pthread_mutex_lock(&m1) == EINVAL; // @LOCK
  bad += pthread_mutex_lock(&m1) == EINVAL;  // the same misuse again: one report
  bad += pthread_mutex_unlock(&m2) == EINVAL; // @UNLOCK
  bad += pthread_cond_wait(&c, &m3) == EINVAL; // @WAIT
  return bad == 4 ? 0 : 1;
}
