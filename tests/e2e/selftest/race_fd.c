// Runner self-test: a race on a file descriptor has variable type "fd" (vartype=fd).
// SELFTEST: status=66 result=pass
// RACELIGHT-EXPECT: data-race lines=@USE,@CLOSE vartype=fd
int fd;
void user(void) { (void)fd; } // @USE
void closer(void) { fd = -1; } // @CLOSE
