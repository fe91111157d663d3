#!/bin/bash
# An instrumented shared library, linked by an executable and loaded with dlopen.
. "$(dirname "$0")/common.sh"
probe_wrappers
RL=$B/bin/racelight
cd "$PROJECT"
step "racelight-cc -shared -fPIC shared_lib.c"
run_logged "$WORK/cc.log" "$B/bin/racelight-cc" -O1 -fPIC -shared shared_lib.c -o "$WORK/libracy_shared.so"
# The library must not carry the runtime: it belongs to the executable.
if nm -D --defined-only "$WORK/libracy_shared.so" 2>/dev/null | grep -q ' __rl_func_entry$'; then
  fail "the shared library contains the runtime"
fi
step "linked: use_lib -lracy_shared"
run_logged "$WORK/cc.log" "$B/bin/racelight-cc" -O1 use_lib.c -o "$WORK/use_lib" \
  -L"$WORK" -lracy_shared -Wl,-rpath,"$WORK" -pthread -ldl
expect_race "$RL" shared_lib.c:5 "$WORK/use_lib"
step "dlopen"
expect_race "$RL" shared_lib.c:5 "$WORK/use_lib" "$WORK/libracy_shared.so"
echo PASS
