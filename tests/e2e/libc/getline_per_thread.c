// Libc (clean): each thread reads lines with getline from its own in-memory stream into its
// own buffer (which getline grows); the main thread reads the buffers after joining. Then
// one thread hands a line to another over a pipe-ordered handover and the other strlen's it.
// RACELIGHT-EXPECT: none
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *lines[2];
static size_t caps[2];
static ssize_t counts[2];
static int fds[2];

static void *reader(void *arg) {
  long id = (long)arg;
  char text[] = "first line\nsecond, longer line than the first one\n";
  FILE *f = fmemopen(text, strlen(text), "r");
  if (!f) return (void *)1;
  ssize_t n = 0, got;
  while ((got = getline(&lines[id], &caps[id], f)) > 0) n = got;
  fclose(f);
  counts[id] = n;
  if (id == 0 && write(fds[1], "h", 1) != 1) return (void *)1;
  return (void *)n;
}

static void *measurer(void *arg) {
  char c;
  if (read(fds[0], &c, 1) != 1) return (void *)1;
  if (lines[0][0] != 's' || counts[0] != 39) return (void *)1;
  return (void *)strlen(lines[0]);
}

int main(void) {
  if (pipe(fds) != 0) return 2;
  pthread_t t[3];
  pthread_create(&t[2], NULL, measurer, NULL);
  for (long i = 0; i < 2; ++i) pthread_create(&t[i], NULL, reader, (void *)i);
  void *r[3];
  for (int i = 0; i < 3; ++i) pthread_join(t[i], &r[i]);
  printf("%s", lines[1]);
  int bad = (long)r[0] != 39 || (long)r[1] != 39 || (long)r[2] != 39 || strcmp(lines[0], lines[1]);
  free(lines[0]);
  free(lines[1]);
  return bad;
}
