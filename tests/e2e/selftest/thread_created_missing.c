// Runner self-test: created= fails when a thread's creation stack is empty (as it was for
// joined threads before the runtime kept their creation stacks).
// SELFTEST: status=66 result=fail output=no thread created at line @C2
// RACELIGHT-EXPECT: data-race lines=@W,@W created=@C1,@C2
int g;
void inner(void) { g++; } // @W
void spawn_one(void) {} // @C1
void spawn_two(void) {} // @C2
