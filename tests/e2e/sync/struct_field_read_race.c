// Sync (racy): one thread updates a field of a shared struct (through a pointer) while another
// reads the same field; the other fields are only read, by both: one race, on that field.
// RACELIGHT-EXPECT: data-race lines=@W,@R var=position
#include <pthread.h>
#include <stdio.h>

struct point { double x, y, z; };
struct point position = {1, 2, 3};

static void *mover(void *arg) {
  struct point *p = arg;
  double base = p->x + p->z;
  p->y = base * 2; // @W
  return NULL;
}

static void *observer(void *arg) {
  struct point *p = arg;
  double sum = p->x + p->z;
  double y = p->y; // @R
  return (void *)(long)(sum + y);
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, mover, &position);
  pthread_create(&b, NULL, observer, &position);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("y = %g\n", position.y);
  return 0;
}
