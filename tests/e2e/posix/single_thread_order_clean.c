// Lock order (clean): one thread takes A and B in both orders, but never so that it could
// deadlock with a copy of itself: the B -> A path always holds the gate lock G that the
// A -> B path holds too, and C -> D is inverted only by a try-lock (which cannot block).
// The gate-lock and try-lock rules hold for cycles taken by one thread as for others.
// RACELIGHT-EXPECT: none
#include <pthread.h>

pthread_mutex_t g = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER, d = PTHREAD_MUTEX_INITIALIZER;
int n;

int main(void) {
  for (int i = 0; i < 3; ++i) {
    pthread_mutex_lock(&g);
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b);
    n++;
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
    pthread_mutex_lock(&b);
    pthread_mutex_lock(&a);
    n++;
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&g);

    pthread_mutex_lock(&c);
    pthread_mutex_lock(&d);
    n++;
    pthread_mutex_unlock(&d);
    pthread_mutex_unlock(&c);
    pthread_mutex_lock(&d);
    if (pthread_mutex_trylock(&c) == 0) {
      n++;
      pthread_mutex_unlock(&c);
    }
    pthread_mutex_unlock(&d);
  }
  return n == 12 ? 0 : 1;
}
