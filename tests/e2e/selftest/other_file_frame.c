// Runner self-test: lines= refer to THIS file; a frame at the same line of a header does
// not match.
// SELFTEST: status=66 result=fail output=\[MISSING\]
// RACELIGHT-EXPECT: data-race lines=@W,@R
int counter;
void writer(void) { counter = 1; } // @W
int reader(void) { return counter; } // @R
