// Libc (racy): a thread writes a record to a stream with fwrite while the main thread
// updates the record: fwrite reads the bytes it is given (the FILE's own buffer is libc's).
// RACELIGHT-EXPECT: data-race lines=@FWRITE,@STORE var=record vartype=global
#include <pthread.h>
#include <stdio.h>

struct { int id; int count; } record = {1, 2};
static FILE *out;

static void *saver(void *arg) {
  fwrite(&record, sizeof record, 1, out); // @FWRITE
  return arg;
}

int main(void) {
  out = fopen("/dev/null", "w");
  if (!out) return 2;
  pthread_t t;
  pthread_create(&t, NULL, saver, NULL);
  record.count = 3; // @STORE
  pthread_join(t, NULL);
  fclose(out);
  return 0;
}
