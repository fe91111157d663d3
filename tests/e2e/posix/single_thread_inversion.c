// Lock order (racy): one thread takes A then B, and later B then A. It cannot deadlock with
// itself, but any two threads running these two paths can: a potential deadlock, reported
// (as ThreadSanitizer, Helgrind and lockdep do) as lock-order-inversion/single-thread.
// RACELIGHT-EXPECT: lock-order-inversion subkind=single-thread lines=@AB1,@AB2,@BA1,@BA2
#include <pthread.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
int va, vb;

static void a_then_b(void) {
  pthread_mutex_lock(&a); // @AB1
  pthread_mutex_lock(&b); // @AB2
  va++, vb++;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
}

static void b_then_a(void) {
  pthread_mutex_lock(&b); // @BA1
  pthread_mutex_lock(&a); // @BA2
  va++, vb++;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
}

int main(void) {
  a_then_b();
  b_then_a();
  return va == 2 && vb == 2 ? 0 : 1;
}
