// Runner self-test: a line that is not JSON fails the test even if the rest matches.
// SELFTEST: status=66 result=fail output=malformed JSON
// RACELIGHT-EXPECT: data-race lines=@W,@R
int counter;
void writer(void) { counter = 1; } // @W
int reader(void) { return counter; } // @R
