// Sync (clean): blocks allocated and filled by a producer, passed through a mutex-protected
// list, read and freed by a consumer thread; the producer keeps allocating (possibly getting
// the freed memory back) while the consumer frees.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

struct node { struct node *next; int payload[10]; };

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
struct node *list;
int finished;

static void *consumer(void *arg) {
  long *sum = arg;
  for (;;) {
    pthread_mutex_lock(&m);
    struct node *n = list;
    int done = finished;
    list = NULL;
    pthread_mutex_unlock(&m);
    if (!n && done) return NULL;
    if (!n) sched_yield();
    while (n) {
      struct node *next = n->next;
      for (int i = 0; i < 10; ++i) *sum += n->payload[i];
      free(n);
      n = next;
    }
  }
}

int main(void) {
  long sum = 0;
  pthread_t t;
  pthread_create(&t, NULL, consumer, &sum);
  for (int i = 0; i < 3000; ++i) {
    struct node *n = malloc(sizeof *n);
    for (int k = 0; k < 10; ++k) n->payload[k] = 1;
    pthread_mutex_lock(&m);
    n->next = list;
    list = n;
    pthread_mutex_unlock(&m);
  }
  pthread_mutex_lock(&m);
  finished = 1;
  pthread_mutex_unlock(&m);
  pthread_join(t, NULL);
  printf("sum = %ld\n", sum);
  return sum == 30000 ? 0 : 1;
}
