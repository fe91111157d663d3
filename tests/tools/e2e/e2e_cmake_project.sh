#!/bin/bash
# A CMake project configured with CC=racelight-cc CXX=racelight-c++.
. "$(dirname "$0")/common.sh"
probe_wrappers
step "CC=racelight-cc CXX=racelight-c++ cmake"
run_logged "$WORK/configure.log" env CC="$B/bin/racelight-cc" CXX="$B/bin/racelight-c++" \
  "$CMAKE" -S "$PROJECT" -B "$WORK/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
run_logged "$WORK/build.log" "$CMAKE" --build "$WORK/build"
check_project_binaries "$B/bin/racelight" "$WORK/build"
echo PASS
