// Runner self-test: "none" and a report fails.
// SELFTEST: status=66 result=fail output=expected no report, got 1
// RACELIGHT-EXPECT: none
// RACELIGHT-EXPECT: exit=66
int counter;
void writer(void) { counter = 1; }
int reader(void) { return counter; }
