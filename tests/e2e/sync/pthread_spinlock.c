// Sync (clean): pthread_spinlock_t protecting a plain histogram updated by four threads.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

pthread_spinlock_t spin;
long histogram[10];

static void *work(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 5000; ++i) {
    pthread_spin_lock(&spin);
    histogram[(i + id) % 10]++;
    pthread_spin_unlock(&spin);
  }
  return NULL;
}

int main(void) {
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  pthread_t t[4];
  for (long i = 0; i < 4; ++i) pthread_create(&t[i], NULL, work, (void *)i);
  for (int i = 0; i < 4; ++i) pthread_join(t[i], NULL);
  long total = 0;
  for (int i = 0; i < 10; ++i) total += histogram[i];
  pthread_spin_destroy(&spin);
  printf("total = %ld\n", total);
  return total == 20000 ? 0 : 1;
}
