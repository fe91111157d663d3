// Runner self-test: a data-race without its 'variable' object violates docs/report-format.md.
// SELFTEST: status=66 result=fail output=without 'variable'
// RACELIGHT-EXPECT: data-race lines=@W,@R
int counter;
void writer(void) { counter = 1; } // @W
int reader(void) { return counter; } // @R
