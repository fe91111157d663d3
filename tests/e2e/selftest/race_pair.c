// Runner self-test: one data race matched as an unordered pair of marker lines, with var=.
// SELFTEST: status=66 result=pass
// RACELIGHT-EXPECT: data-race lines=@W,@R var=counter vartype=global
int counter;
void writer(void) { counter = 1; } // @W
int reader(void) { return counter; } // @R
