// Sync (clean): bounded-buffer producer/consumer with a pthread mutex and two condition
// variables. Messages are heap blocks filled by the producer OUTSIDE the lock, passed by
// pointer through the buffer, read and freed by the consumer outside the lock: the mutex
// hand-off orders the payload accesses.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define SLOTS 8
#define COUNT 5000

struct msg { int seq; int data[6]; };

struct msg *slots[SLOTS];
int head, tail, used;
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg) {
  (void)arg;
  for (int i = 0; i < COUNT; ++i) {
    struct msg *m = malloc(sizeof *m);
    m->seq = i;
    for (int k = 0; k < 6; ++k) m->data[k] = i + k;
    pthread_mutex_lock(&lock);
    while (used == SLOTS) pthread_cond_wait(&not_full, &lock);
    slots[tail] = m;
    tail = (tail + 1) % SLOTS;
    used++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  long sum = 0;
  for (int i = 0; i < COUNT; ++i) {
    pthread_mutex_lock(&lock);
    while (used == 0) pthread_cond_wait(&not_empty, &lock);
    struct msg *m = slots[head];
    head = (head + 1) % SLOTS;
    used--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&lock);
    if (m->seq != i) return 1;
    for (int k = 0; k < 6; ++k) sum += m->data[k];
    free(m);
  }
  pthread_join(t, NULL);
  printf("sum = %ld\n", sum);
  return 0;
}
