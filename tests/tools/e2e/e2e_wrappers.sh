#!/bin/bash
# The wrappers on a multi-file C program, a C++ program and a shared library, by hand.
. "$(dirname "$0")/common.sh"
probe_wrappers
RL=$B/bin/racelight
cd "$PROJECT"
step "racelight-cc main.c worker.c (two files and a header)"
run_logged "$WORK/cc.log" "$B/bin/racelight-cc" -O1 main.c worker.c -o "$WORK/counter" -pthread
step "separate compile and link steps"
run_logged "$WORK/cc.log" "$B/bin/racelight-cc" -O2 -c worker.c -o "$WORK/worker.o"
run_logged "$WORK/cc.log" "$B/bin/racelight-cc" -O2 -c main.c -o "$WORK/main.o"
run_logged "$WORK/cc.log" "$B/bin/racelight-cc" "$WORK/main.o" "$WORK/worker.o" -o "$WORK/counter2" -pthread
step "racelight-c++ racy.cc"
run_logged "$WORK/cc.log" "$B/bin/racelight-c++" -O1 -g racy.cc -o "$WORK/racy_cxx" -pthread
expect_race "$RL" worker.c:9 "$WORK/counter"
expect_race "$RL" worker.c:9 "$WORK/counter2"
expect_race "$RL" racy.cc:7 "$WORK/racy_cxx"
# Without racelight run: the runtime prints the report and exits 66 by itself.
"$WORK/counter" >"$WORK/direct.out" 2>&1
status=$?
[ "$status" = 66 ] || { cat "$WORK/direct.out"; fail "the instrumented program exited $status, not 66"; }
grep -q "worker.c:9" "$WORK/direct.out" || { cat "$WORK/direct.out"; fail "no text report on stderr"; }
echo PASS
