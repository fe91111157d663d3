// Sync (clean): whole buffers copied with memcpy (and cleared with memset) in and out of a
// shared buffer, always under a mutex, by a writer and two readers.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <string.h>

pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
char shared_buf[256];

static void *writer(void *arg) {
  (void)arg;
  char local[256];
  for (int i = 0; i < 1000; ++i) {
    memset(local, 'a' + i % 26, sizeof local);
    pthread_mutex_lock(&m);
    memcpy(shared_buf, local, sizeof shared_buf);
    if (i % 100 == 0) memset(shared_buf + 128, 0, 128);
    pthread_mutex_unlock(&m);
  }
  return NULL;
}

static void *reader(void *arg) {
  long *checksum = arg;
  char local[256];
  for (int i = 0; i < 1000; ++i) {
    pthread_mutex_lock(&m);
    memcpy(local, shared_buf, sizeof local);
    pthread_mutex_unlock(&m);
    *checksum += local[i % 256];
  }
  return NULL;
}

int main(void) {
  pthread_t w, r1, r2;
  long c1 = 0, c2 = 0;
  pthread_create(&w, NULL, writer, NULL);
  pthread_create(&r1, NULL, reader, &c1);
  pthread_create(&r2, NULL, reader, &c2);
  pthread_join(w, NULL);
  pthread_join(r1, NULL);
  pthread_join(r2, NULL);
  printf("checksums %ld %ld\n", c1, c2);
  return 0;
}
