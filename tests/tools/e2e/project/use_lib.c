/* Loads shared_lib (linked, or with dlopen when given its path) and races in it. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

void lib_bump(void);
int lib_value(void);

static void (*bump)(void) = lib_bump;

static void *work(void *arg) {
  for (int i = 0; i < 1000; ++i) bump();
  return arg;
}

int main(int argc, char **argv) {
  if (argc > 1) {
    void *h = dlopen(argv[1], RTLD_NOW);
    if (!h) {
      fprintf(stderr, "dlopen: %s\n", dlerror());
      return 2;
    }
    bump = (void (*)(void))dlsym(h, "lib_bump");
  }
  pthread_t a, b;
  pthread_create(&a, 0, work, 0);
  pthread_create(&b, 0, work, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("value %d\n", lib_value());
  return 0;
}
