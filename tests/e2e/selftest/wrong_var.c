// Runner self-test: var= must equal variable.name.
// SELFTEST: status=66 result=fail output=variable 'counter'
// RACELIGHT-EXPECT: data-race lines=@W,@R var=total
int counter;
void writer(void) { counter = 1; } // @W
int reader(void) { return counter; } // @R
