// Runner self-test: stack= checks the first frames of events[0] in order; min-frames= its
// depth; two identical expectations need two reports.
// SELFTEST: status=66 result=pass
// RACELIGHT-EXPECT: data-race lines=@W,@W stack=@W,@MID,@TOP min-frames=3
// RACELIGHT-EXPECT: data-race lines=@W,@W
int g;
void inner(void) { g++; } // @W
void middle(void) { inner(); } // @MID
void outer(void) { middle(); } // @TOP
