// Runner self-test: reports marked "suppressed": true are not findings.
// SELFTEST: status=0 result=pass
// RACELIGHT-EXPECT: none
int counter;
