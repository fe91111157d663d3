// Runner self-test: exit=signal:SIGABRT matches a death by signal 6.
// SELFTEST: status=signal:6 result=pass
// RACELIGHT-EXPECT: exit=signal:SIGABRT
// RACELIGHT-EXPECT: data-race lines=@W,@R
#include <stdlib.h>
int counter;
void writer(void) { counter = 1; } // @W
int reader(void) { return counter; } // @R
