// Core, regression: a thread that moves to another slot whenever its clock runs out
// (runtime/clock_reset.h, clock_limit=3) must not keep an access-history ring in every slot
// it left. Each of two threads moves about 100 times and, in each slot, records 16,384
// scattered writes (one history entry each: 512 KiB of ring per slot). When every left
// slot kept its ring, the rings alone came to about 100 MiB (leveldb's db_bench: 231 MB
// peak RSS against 86 MB); now a thread keeps the ring of the slot it holds and of the one
// it left last. The program checks its own peak RSS (VmHWM) against 48 MiB: its data, its
// shadow and a few rings need about 15. Its accesses are ordered (each thread writes only
// its own half): no report.
// RACELIGHT-OPTIONS: clock_limit=3 history_size=16384
// RACELIGHT-EXPECT: none
// RACELIGHT-TIMEOUT: 120
#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { kWords = 1 << 17, kStride = 8, kRounds = 100, kReleasesPerRound = 3 };

static int data[2][kWords];  // 512 KiB a thread
static pthread_mutex_t mu[2] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};

static void *worker(void *arg) {
  int *mine = data[(long)arg];
  pthread_mutex_t *m = &mu[(long)arg];
  for (int round = 0; round < kRounds; ++round) {
    for (int r = 0; r < kReleasesPerRound; ++r) {  // the clock runs out: the thread moves
      pthread_mutex_lock(m);
      pthread_mutex_unlock(m);
    }
    // One granule in four, so that no two writes extend one history entry.
    for (int i = 0; i < kWords; i += kStride) mine[i] += round;
  }
  return NULL;
}

static long PeakRssKiB(void) {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kib = -1;
  while (fgets(line, sizeof line, f))
    if (!strncmp(line, "VmHWM:", 6)) sscanf(line + 6, "%ld", &kib);
  fclose(f);
  return kib;
}

int main(void) {
  pthread_t t[2];
  for (long i = 0; i < 2; ++i) pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < 2; ++i) pthread_join(t[i], NULL);
  long kib = PeakRssKiB();
  printf("peak RSS %ld KiB, data[1][8] = %d\n", kib, data[1][8]);
  if (kib < 0 || kib > 48 * 1024) {
    fprintf(stderr, "peak RSS %ld KiB: access-history rings were not recycled\n", kib);
    return 1;
  }
  return 0;
}
