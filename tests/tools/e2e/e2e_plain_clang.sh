#!/bin/bash
# Plain clang with the flags racelight prints: --plugin-path, --compile-flags, --link-flags.
. "$(dirname "$0")/common.sh"
probe_wrappers
RL=$B/bin/racelight
cd "$PROJECT"
step "clang -fpass-plugin=\$(racelight --plugin-path) ... \$(racelight --link-flags)"
run_logged "$WORK/cc.log" "$RACELIGHT_CLANG" -fpass-plugin="$("$RL" --plugin-path)" \
  -gline-tables-only -O1 -c worker.c -o "$WORK/worker.o"
# shellcheck disable=SC2046
run_logged "$WORK/cc.log" "$RACELIGHT_CLANG" $("$RL" --compile-flags) -O1 -c main.c -o "$WORK/main.o"
# shellcheck disable=SC2046
run_logged "$WORK/cc.log" "$RACELIGHT_CLANG" "$WORK/main.o" "$WORK/worker.o" -o "$WORK/counter" \
  $("$RL" --link-flags)
# shellcheck disable=SC2046
run_logged "$WORK/cc.log" "$RACELIGHT_CLANGXX" $("$RL" --compile-flags) -O1 racy.cc \
  -o "$WORK/racy_cxx" $("$RL" --link-flags)
expect_race "$RL" worker.c:9 "$WORK/counter"
expect_race "$RL" racy.cc:7 "$WORK/racy_cxx"
echo PASS
