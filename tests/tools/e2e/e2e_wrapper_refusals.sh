#!/bin/bash
# The wrappers refuse what cannot work with Racelight, in one clear sentence and before the
# compiler runs (the linker used to print "multiple definition" errors): ThreadSanitizer
# (-fsanitize=thread, also on compile-only steps, whose objects the link would then refuse)
# and static linking (-static, -static-pie: the runtime finds the C library's functions
# with dlsym). -fno-sanitize=thread after it, and -static on a compile-only step, are fine.
. "$(dirname "$0")/common.sh"
probe_wrappers
printf 'int main(void) { return 0; }\n' >"$WORK/p.c"

# refused WRAPPER WORD ARGS...: the wrapper must fail with exactly one line naming WORD.
refused() {
  local wrapper=$1 word=$2
  shift 2
  step "$wrapper $* (refused)"
  "$B/bin/$wrapper" "$@" >"$WORK/out" 2>"$WORK/err"
  local status=$?
  [ "$status" = 2 ] || { cat "$WORK/err" >&2; fail "expected exit status 2, got $status"; }
  [ "$(wc -l <"$WORK/err")" = 1 ] || { cat "$WORK/err" >&2; fail "expected one line on stderr"; }
  grep -qF -- "racelight-" "$WORK/err" && grep -qF -- "$word" "$WORK/err" ||
    { cat "$WORK/err" >&2; fail "the message does not name the wrapper and $word"; }
  ! grep -q "multiple definition" "$WORK/err" || fail "linker errors instead of a refusal"
  [ ! -e "$WORK/p.out" ] && [ ! -e "$WORK/p.o" ] || fail "an output file was written"
  cat "$WORK/err"
}

# accepted WRAPPER ARGS...: the wrapper must succeed.
accepted() {
  local wrapper=$1
  shift
  step "$wrapper $* (accepted)"
  run_logged "$WORK/ok.log" "$B/bin/$wrapper" "$@"
  rm -f "$WORK/p.out" "$WORK/p.o"
}

refused racelight-cc -fsanitize=thread -fsanitize=thread "$WORK/p.c" -o "$WORK/p.out"
refused racelight-cc -fsanitize=thread -g -fsanitize=undefined,thread "$WORK/p.c" -o "$WORK/p.out"
refused racelight-c++ -fsanitize=thread -O1 -fsanitize=thread "$WORK/p.c" -o "$WORK/p.out"
refused racelight-cc -fsanitize=thread -c -fsanitize=thread "$WORK/p.c" -o "$WORK/p.o"
refused racelight-cc -static -static "$WORK/p.c" -o "$WORK/p.out"
refused racelight-c++ -static -static "$WORK/p.c" -o "$WORK/p.out"
refused racelight-cc -static-pie -static-pie "$WORK/p.c" -o "$WORK/p.out"
accepted racelight-cc -fsanitize=thread -fno-sanitize=thread "$WORK/p.c" -o "$WORK/p.out"
accepted racelight-cc -fsanitize=undefined "$WORK/p.c" -o "$WORK/p.out"
accepted racelight-cc -c -static "$WORK/p.c" -o "$WORK/p.o"
accepted racelight-cc -static-libgcc "$WORK/p.c" -o "$WORK/p.out"
echo PASS
