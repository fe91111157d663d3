// Sync (racy): main creates two threads and joins both; the first writes a global, the second
// reads it. Each is ordered with main, but the siblings are not ordered with each other.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=mailbox
#include <pthread.h>
#include <stdio.h>

int mailbox;

static void *sender(void *arg) {
  (void)arg;
  mailbox = 8; // @W
  return NULL;
}

static void *receiver(void *arg) {
  (void)arg;
  return (void *)(long)mailbox; // @R
}

int main(void) {
  pthread_t a, b;
  void *got;
  pthread_create(&a, NULL, sender, NULL);
  pthread_create(&b, NULL, receiver, NULL);
  pthread_join(a, NULL);
  pthread_join(b, &got);
  printf("mailbox = %d, got = %ld\n", mailbox, (long)got);
  return 0;
}
