// Core: the report file cannot be written (report_path=/dev/full: "disk full"). The two
// races are still printed on stderr and the exit status is still 66, and the runtime says
// once, at the end, that the JSON reports were lost (the report file stays empty).
// RACELIGHT-OPTIONS: report_path=/dev/full
// RACELIGHT-EXPECT: none
// RACELIGHT-EXPECT: exit=66
// RACELIGHT-OUTPUT: racelight: cannot write reports to /dev/full: No space left on device; 2 reports not saved
// RACELIGHT-OUTPUT: racelight: 2 reports
#include <pthread.h>

int first, second;

static void *child(void *arg) {
  first = 1;
  second = 1;
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, child, 0);
  int seen = first + second;
  pthread_join(t, 0);
  return seen == 12345;
}
