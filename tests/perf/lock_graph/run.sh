#!/bin/bash
# The lock-order graph stress of issue 16 (item 4): builds many_mutexes.c natively and with
# Racelight and prints time and peak RSS (/usr/bin/time) for: native, Racelight, Racelight with
# detect_deadlocks=0.
#
#   tests/perf/lock_graph/run.sh [BUILD_DIR] [-- MUTEXES THREADS ITERATIONS BIG BIG_EVERY]
#
# With CHECK_MAX_RSS_KB=N it is a test: it fails unless the Racelight run exits 0, prints the
# native checksum, stays under N KB of peak RSS and (with CHECK_NOTE=1) prints the
# lock-order graph's limit note. ctest runs it that way at a small scale (perf.lock_graph).
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../../build}
shift || true
[ "${1:-}" = -- ] && shift
args=("$@")
work=$(mktemp -d "${TMPDIR:-/tmp}/racelight-lockgraph.XXXXXX")
trap 'rm -rf "$work"' EXIT
cc=${CC:-cc}
"$cc" -O2 -pthread "$here/many_mutexes.c" -o "$work/native" || exit 1
"$build/bin/racelight-cc" -O2 -g -pthread "$here/many_mutexes.c" -o "$work/racelight" || exit 1

measure() {  # NAME OPTIONS BINARY
  RACELIGHT_OPTIONS="$2" /usr/bin/time -f "%e %M" -o "$work/time" "$3" "${args[@]}" \
    >"$work/out" 2>"$work/err"
  status=$?
  read -r secs rss < <(tail -n 1 "$work/time")
  printf '%-32s %8s s %8s KB  exit %s  %s\n' "$1" "$secs" "$rss" "$status" "$(cat "$work/out")"
}

measure native "" "$work/native"
expected=$(cat "$work/out")
measure "racelight detect_deadlocks=0" "detect_deadlocks=0" "$work/racelight"
measure racelight "" "$work/racelight"
cat "$work/err"
if [ -n "${CHECK_MAX_RSS_KB:-}" ]; then
  [ "$status" = 0 ] || { echo "FAIL: exit status $status"; exit 1; }
  [ "$(cat "$work/out")" = "$expected" ] || { echo "FAIL: checksum differs"; exit 1; }
  [ "$rss" -le "$CHECK_MAX_RSS_KB" ] || { echo "FAIL: peak RSS $rss KB > $CHECK_MAX_RSS_KB KB"; exit 1; }
  if [ "${CHECK_NOTE:-0}" = 1 ]; then
    grep -qF "racelight: note: the lock-order graph reached its limit of" "$work/err" ||
      { echo "FAIL: no note about the graph's limit"; exit 1; }
  fi
  echo PASS
fi
