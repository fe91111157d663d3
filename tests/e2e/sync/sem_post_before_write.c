// Sync (racy): the producer posts the semaphore BEFORE writing the item. The consumer's
// sem_wait orders it after the post, not after the write: the item read races with it.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=item
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

sem_t available;
long item;

static void *producer(void *arg) {
  (void)arg;
  sem_post(&available);
  item = 99; // @W
  return NULL;
}

int main(void) {
  sem_init(&available, 0, 0);
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  sem_wait(&available);
  long v = item; // @R
  pthread_join(t, NULL);
  printf("item = %ld\n", v);
  sem_destroy(&available);
  return 0;
}
