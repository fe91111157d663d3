// Runner self-test: an unexpected second report fails the test and is shown as EXTRA.
// SELFTEST: status=66 result=fail output=\[EXTRA\] +#2
// RACELIGHT-EXPECT: data-race lines=@W,@R
int counter;
void writer(void) { counter = 1; } // @W
int reader(void) { return counter; } // @R
