// Sync (clean), with the experimental deferred re-scan on: producers fill both fields of
// fresh nodes (the second write of each only widens the producer's own cell: deferred
// re-scan), hand them over under a mutex, and the consumer frees them, so that the
// allocator gives the memory to the other producer: the deferred re-scan must not take the
// new owner's writes for a race with the old owner's (every release re-scans first).
// RACELIGHT-OPTIONS: deferred_rescan=1
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdlib.h>

struct Node {
  int a, b;
  struct Node *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct Node *head;
static int produced_done;

static void *produce(void *arg) {
  for (int i = 0; i < 20000; ++i) {
    struct Node *n = malloc(sizeof *n);
    n->a = i;
    n->b = i + 1;
    pthread_mutex_lock(&mu);
    n->next = head;
    head = n;
    pthread_mutex_unlock(&mu);
  }
  pthread_mutex_lock(&mu);
  ++produced_done;
  pthread_mutex_unlock(&mu);
  return arg;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i) pthread_create(&t[i], 0, produce, 0);
  long sum = 0, count = 0;
  for (;;) {
    pthread_mutex_lock(&mu);
    struct Node *n = head;
    head = 0;
    int done = produced_done == 2;
    pthread_mutex_unlock(&mu);
    while (n) {
      struct Node *next = n->next;
      sum += n->b - n->a;
      free(n);
      n = next;
      ++count;
    }
    if (done && !n) {
      pthread_mutex_lock(&mu);
      int empty = head == 0;
      pthread_mutex_unlock(&mu);
      if (empty) break;
    }
  }
  for (int i = 0; i < 2; ++i) pthread_join(t[i], 0);
  return count == 40000 && sum == 40000 ? 0 : 1;
}
