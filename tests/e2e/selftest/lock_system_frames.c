// Runner self-test: for lock kinds, an event's line is its first frame not marked "system"
// (std::mutex::lock and gthr code at -O0 come first in the stack); a frame of this file at
// the same line number but marked "system" does not count.
// SELFTEST: status=66 result=pass
// RACELIGHT-EXPECT: deadlock subkind=self lines=@SECOND,@FIRST
#include <pthread.h>
pthread_mutex_t m;
void f(void) {
  pthread_mutex_lock(&m); // @FIRST
  pthread_mutex_lock(&m); // @SECOND
}
