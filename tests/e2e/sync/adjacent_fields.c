// Sync (clean): different threads write adjacent struct fields of different sizes (1, 1, 2,
// 4 and 8 bytes, all within 16 bytes) and adjacent elements of a char array, many times each.
// No two threads touch the same byte: no race.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>

struct packed_fields {
  char a;
  char b;
  short c;
  int d;
  long e;
} s;

char letters[8];

static void *w_a(void *x) { for (int i = 0; i < 1000; ++i) { s.a = (char)i; letters[0] = 'a'; } return x; }
static void *w_b(void *x) { for (int i = 0; i < 1000; ++i) { s.b = (char)i; letters[1] = 'b'; } return x; }
static void *w_c(void *x) { for (int i = 0; i < 1000; ++i) { s.c = (short)i; letters[2] = 'c'; } return x; }
static void *w_d(void *x) { for (int i = 0; i < 1000; ++i) { s.d = i; letters[3] = 'd'; } return x; }
static void *w_e(void *x) { for (int i = 0; i < 1000; ++i) { s.e = i; letters[4] = 'e'; } return x; }

int main(void) {
  void *(*fns[5])(void *) = {w_a, w_b, w_c, w_d, w_e};
  pthread_t t[5];
  for (int i = 0; i < 5; ++i) pthread_create(&t[i], NULL, fns[i], NULL);
  for (int i = 0; i < 5; ++i) pthread_join(t[i], NULL);
  printf("%d %d %d %d %ld %.5s\n", s.a, s.b, s.c, s.d, s.e, letters);
  return 0;
}
