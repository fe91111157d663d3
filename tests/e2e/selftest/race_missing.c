// Runner self-test: an expected report that is absent is shown as MISSING, with why the
// actual report of the same kind did not match.
// SELFTEST: status=66 result=fail output=\[MISSING\].*vs actual #1: lines 6,5
// RACELIGHT-EXPECT: data-race lines=@W,@W
int counter;
void writer(void) { counter = 1; } // @W
int reader(void) { return counter; } // @R
