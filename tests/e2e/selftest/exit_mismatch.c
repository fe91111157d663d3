// Runner self-test: with reports expected the default exit status is 66.
// SELFTEST: status=0 result=fail output=exit status 0, expected 66
// RACELIGHT-EXPECT: data-race lines=@W,@R
int counter;
void writer(void) { counter = 1; } // @W
int reader(void) { return counter; } // @R
