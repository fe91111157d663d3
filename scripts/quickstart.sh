#!/usr/bin/env bash
# Quick start: installs what is missing, builds Racelight, and runs it on the tutorials'
# lost-update counter (a real race report, exit status 66) and on its lock-protected fix
# (no report, exit status 0).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${RACELIGHT_BUILD_DIR:-$root/build}
demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT

echo "== racelight-c++ -O1 docs/examples/lost_update.cpp && ./lost_update"
"$build/bin/racelight-c++" -O1 "$root/docs/examples/lost_update.cpp" -o "$demo/lost_update"
set +e
RACELIGHT_OPTIONS="report_path=$demo/reports.jsonl" "$demo/lost_update"
status=$?
set -e
echo "== exit status $status (66: races were reported); JSON report in $demo/reports.jsonl:"
head -c 400 "$demo/reports.jsonl"; echo " ..."

echo "== racelight-c++ -O1 docs/examples/locked_counter.cpp && ./locked_counter"
"$build/bin/racelight-c++" -O1 "$root/docs/examples/locked_counter.cpp" -o "$demo/locked_counter"
"$demo/locked_counter"
echo "== exit status $? (no report)"
[ "$status" -eq 66 ]
