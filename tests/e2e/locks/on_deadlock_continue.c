// Locks: with on_deadlock=continue, a self deadlock is reported and the process is NOT
// ended: the thread keeps waiting. Here a worker re-locks the plain mutex it holds; main
// waits until the report is in the report file, then rescues the worker by unlocking the
// mutex for it (itself a misuse: unlock-foreign). The worker's second lock() then returns,
// the program finishes normally, and exits with 66 because it reported.
// RACELIGHT-OPTIONS: on_deadlock=continue
// RACELIGHT-EXPECT: deadlock subkind=self lines=@AGAIN,@FIRST
// RACELIGHT-EXPECT: mutex-misuse subkind=unlock-foreign lines=@RESCUE,@FIRST
// RACELIGHT-TIMEOUT: 5
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
int rescued;

static void *worker(void *arg) {
  pthread_mutex_lock(&lock); // @FIRST
  pthread_mutex_lock(&lock); // @AGAIN
  rescued = 1;
  pthread_mutex_unlock(&lock);
  pthread_mutex_unlock(&lock);
  return arg;
}

// True once the report file named in RACELIGHT_OPTIONS (report_path=...) has a deadlock.
static int deadlock_reported(void) {
  const char *options = getenv("RACELIGHT_OPTIONS");
  const char *key = options ? strstr(options, "report_path=") : NULL;
  if (!key) return 0;
  char path[4096];
  size_t n = strcspn(key + 12, " :,");
  snprintf(path, sizeof path, "%.*s", (int)n, key + 12);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  char line[8192];
  int found = 0;
  while (!found && fgets(line, sizeof line, f)) found = strstr(line, "\"kind\":\"deadlock\"") != NULL;
  fclose(f);
  return found;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  for (int i = 0; i < 400 && !deadlock_reported(); ++i) usleep(10000);
  pthread_mutex_unlock(&lock); // @RESCUE
  pthread_join(t, NULL);
  printf("worker rescued: %d\n", rescued);
  return rescued ? 0 : 1;
}
