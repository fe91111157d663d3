// Runner self-test: data races keep matching lines= against stack[0] (the access itself),
// even when the runtime marked that frame "system": the user frame below it does not count.
// SELFTEST: status=66 result=fail output=\[MISSING\].*vs actual #1: lines
// RACELIGHT-EXPECT: data-race lines=@W,@R
int counter;
void writer(void) { counter = 1; } // @W
int reader(void) { return counter; } // @R
