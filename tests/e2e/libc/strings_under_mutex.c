// Libc (clean): four threads share a text buffer and an array; every strcpy, strcat, strlen,
// strcmp, snprintf, printf and qsort on them is done under one mutex, so the bytes libc
// reads and writes for them are ordered. Shared read-only strings are read without a lock.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static char text[256];
static int numbers[32];
static const char greeting[] = "hello";

static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

static void *worker(void *arg) {
  long id = (long)arg;
  char mine[32];
  for (int i = 0; i < 20; ++i) {
    if (strcmp(greeting, "hello") != 0 || strlen(greeting) != 5) return (void *)1;
    pthread_mutex_lock(&mu);
    if (strlen(text) > 200) strcpy(text, "reset:");
    snprintf(mine, sizeof mine, "%ld", id);
    strcat(text, mine);
    numbers[(id * 8 + i) % 32] = (int)(id * 100 + i);
    qsort(numbers, 32, sizeof(int), cmp);
    if (i == 19) printf("T%ld: %zu bytes, %.6s\n", id, strlen(text), text);
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

int main(void) {
  pthread_t t[4];
  for (long i = 0; i < 4; ++i) pthread_create(&t[i], NULL, worker, (void *)i);
  int bad = 0;
  for (int i = 0; i < 4; ++i) {
    void *r;
    pthread_join(t[i], &r);
    bad |= r != NULL;
  }
  for (int i = 1; i < 32; ++i) bad |= numbers[i - 1] > numbers[i];
  return bad;
}
