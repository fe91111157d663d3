// Misuse (clean): a destroyed mutex set up again, with pthread_mutex_init or with a plain
// store of PTHREAD_MUTEX_INITIALIZER, is a new mutex: locking it is no use after destroy.
// RACELIGHT-EXPECT: none
#include <pthread.h>

pthread_mutex_t m1, m2;

int main(void) {
  int bad = 0;
  for (int i = 0; i < 3; ++i) {
    pthread_mutex_init(&m1, 0);
    bad += pthread_mutex_lock(&m1) != 0;
    pthread_mutex_unlock(&m1);
    pthread_mutex_destroy(&m1);
    m2 = (pthread_mutex_t)PTHREAD_MUTEX_INITIALIZER;
    bad += pthread_mutex_lock(&m2) != 0;
    pthread_mutex_unlock(&m2);
    pthread_mutex_destroy(&m2);
  }
  return bad;
}
