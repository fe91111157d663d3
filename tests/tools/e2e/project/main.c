#include <stdio.h>

#include "worker.h"

int main(void) {
  run_workers(2);
  printf("total %ld\n", g_total);
  return 0;
}
