// Fd (racy): a thread started with the C library's own pthread_create (found with dlsym, so
// the runtime does not see it created) uses strlen, snprintf, strcpy and a pipe. The runtime
// meets it in the interceptors and models it from there: it knows nothing of what the main
// thread did before, so its write to the pipe the main thread created races with the
// creation (the one report, on the descriptor), but that write still hands `result` over to
// the main thread's read (no report on `result`).
// RACELIGHT-EXPECT: data-race lines=@USE,@PIPE vartype=fd
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef int (*create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
static int fds[2];
static char result[32];

static void *hidden(void *arg) {
  char local[32];
  snprintf(local, sizeof local, "%s-%zu", "len", strlen("unknown"));
  strcpy(result, local);
  if (write((int)(long)arg, "r", 1) != 1) return (void *)1; // @USE
  return NULL;
}

int main(void) {
  create_fn real_create = (create_fn)dlsym(RTLD_NEXT, "pthread_create");
  if (!real_create || pipe(fds) != 0) return 2; // @PIPE
  pthread_t t;
  if (real_create(&t, NULL, hidden, (void *)(long)fds[1]) != 0) return 2;
  char c;
  if (read(fds[0], &c, 1) != 1) return 2;
  int ok = strcmp(result, "len-7") == 0;
  pthread_join(t, NULL);
  puts(ok ? "ok" : "bad");
  return !ok;
}
