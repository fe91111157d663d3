// Libc (racy): a thread prints a shared string with printf("%s") (which the compiler may
// turn into puts) while the main thread stores into it: printf reads the %s argument.
// RACELIGHT-EXPECT: data-race lines=@PRINT,@STORE var=status vartype=global
#include <pthread.h>
#include <stdio.h>

char status[32] = "status: all good";

static void *printer(void *arg) {
  printf("%s\n", status); // @PRINT
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, printer, NULL);
  status[8] = 'A'; // @STORE
  pthread_join(t, NULL);
  return 0;
}
