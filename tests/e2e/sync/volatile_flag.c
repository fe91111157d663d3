// Sync (racy): `volatile` is not synchronization. The writer fills data and sets a volatile
// flag; the reader spins on the flag and reads the data. Both the flag and the data race
// (two reports), though the program "works" on x86.
// RACELIGHT-EXPECT: data-race lines=@FLAG_SET,@FLAG_SPIN var=ready_flag
// RACELIGHT-EXPECT: data-race lines=@DATA_W,@DATA_R var=message
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

volatile int ready_flag;
int message;

static void *writer(void *arg) {
  (void)arg;
  message = 77; // @DATA_W
  ready_flag = 1; // @FLAG_SET
  return NULL;
}

static void *reader(void *arg) {
  (void)arg;
  while (!ready_flag) { // @FLAG_SPIN
    sched_yield();
  }
  return (void *)(long)message; // @DATA_R
}

int main(void) {
  pthread_t a, b;
  pthread_create(&b, NULL, reader, NULL);
  pthread_create(&a, NULL, writer, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  puts("done");
  return 0;
}
