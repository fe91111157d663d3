// Runner self-test: "none" with no report file and exit 0 passes.
// SELFTEST: status=0 result=pass
// RACELIGHT-EXPECT: none
int main(void) { return 0; }
