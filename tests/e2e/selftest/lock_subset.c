// Runner self-test: non-race kinds match lines= as a multiset subset of the events' top
// frames, in any order, and subkind=.
// SELFTEST: status=66 result=pass
// RACELIGHT-EXPECT: deadlock subkind=self lines=@SECOND,@FIRST
#include <pthread.h>
pthread_mutex_t m;
void f(void) {
  pthread_mutex_lock(&m); // @FIRST
  pthread_mutex_lock(&m); // @SECOND
}
