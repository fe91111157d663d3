// Runner self-test: created= finds each line at the top of a distinct thread's creation
// stack, in any order.
// SELFTEST: status=66 result=pass
// RACELIGHT-EXPECT: data-race lines=@W,@W created=@C2,@C1
int g;
void inner(void) { g++; } // @W
void spawn_one(void) {} // @C1
void spawn_two(void) {} // @C2
