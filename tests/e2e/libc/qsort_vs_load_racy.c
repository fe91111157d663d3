// Libc (racy): a thread sorts a shared array with qsort while the main thread reads it:
// qsort reads and rearranges the array in place.
// RACELIGHT-EXPECT: data-race lines=@SORT,@LOAD var=values vartype=global
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

int values[8] = {5, 3, 8, 1, 9, 2, 7, 4};

static int by_value(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}

static void *sorter(void *arg) {
  qsort(values, 8, sizeof(int), by_value); // @SORT
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, sorter, NULL);
  int v = values[6]; // @LOAD
  pthread_join(t, NULL);
  printf("%d %d\n", v, values[0]);
  return 0;
}
