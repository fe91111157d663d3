// Runner self-test: an expectation naming an undefined marker is a malformed test file.
// SELFTEST: status=0 result=usage output=no marker
// RACELIGHT-EXPECT: data-race lines=@W,@NOPE
int counter;
void writer(void) { counter = 1; } // @W
