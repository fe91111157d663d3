// Core: an odd-size (13-byte) struct copied as a whole races with a read of its last byte.
// The copy is a memcpy-style range access (or overlapping wide stores at -O2).
// RACELIGHT-EXPECT: data-race lines=@W,@R var=g_odd vartype=global
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct odd {
  char c[13];
};

struct odd g_odd;

static void *writer(void *arg) {
  struct odd local;
  memset(&local, (int)(long)arg, sizeof local);
  g_odd = local; // @W
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, writer, (void *)'x');
  char last = g_odd.c[12]; // @R
  pthread_join(t, NULL);
  printf("last = %d\n", last);
  return 0;
}
