#!/bin/bash
# A program linked with a replacement allocator in a shared library (as with -ljemalloc):
# Racelight's malloc interceptors forward to it (found with dlsym(RTLD_NEXT)), so it serves
# every allocation, and Racelight still sees them as heap blocks. Before, the interceptors
# called glibc's allocator directly and the library was bypassed.
. "$(dirname "$0")/common.sh"
probe_wrappers
RL=$B/bin/racelight
cd "$PROJECT"
step "cc -shared bump_alloc.c (not instrumented)"
run_logged "$WORK/cc.log" "$RACELIGHT_CLANG" -O1 -fPIC -shared bump_alloc.c -o "$WORK/libbump_alloc.so"
step "racelight-cc use_bump_alloc.c -lbump_alloc"
run_logged "$WORK/cc.log" "$B/bin/racelight-cc" -O1 -g use_bump_alloc.c -o "$WORK/use_bump_alloc" \
  -L"$WORK" -lbump_alloc -Wl,-rpath,"$WORK" -pthread
expect_race "$RL" "use_bump_alloc.c:(14|28)" "$WORK/use_bump_alloc"
grep -qF "heap block of 64 bytes" "$WORK/run.out" ||
  { cat "$WORK/run.out" >&2; fail "the race does not name the heap block"; }
echo PASS
