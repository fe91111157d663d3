#!/bin/bash
# The same project with make CC=racelight-cc CXX=racelight-c++.
. "$(dirname "$0")/common.sh"
probe_wrappers
command -v make >/dev/null || skip "make is not installed"
step "make CC=racelight-cc CXX=racelight-c++"
run_logged "$WORK/make.log" make -C "$PROJECT" O="$WORK" \
  CC="$B/bin/racelight-cc" CXX="$B/bin/racelight-c++"
check_project_binaries "$B/bin/racelight" "$WORK"
echo PASS
