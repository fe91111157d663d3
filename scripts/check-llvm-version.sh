#!/usr/bin/env bash
# The acceptance check of one LLVM version (docs/llvm-versions.md): with the Racelight built
# against LLVM N,
#   1. the tutorials' lost update (tests/e2e/core/lost_update.cpp) compiled with racelight-c++
#      reports exactly one data race, both accesses at `counter += 1`, and exits with 66;
#   2. a small CMake project (tests/e2e/core/lost_update_pthread.c) configured with
#      CC=racelight-cc does the same.
# With --install, the tree is first installed (cmake --install) into a temporary prefix and
# the wrappers of that prefix are used. The tree must be built (scripts/build.sh, or
# `cmake --build`; --install needs it built in full).
#
#   scripts/check-llvm-version.sh 14 [--install]     uses build-14/ (build/ for 19)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
v=${1:?usage: check-llvm-version.sh N [--install]}
base=${RACELIGHT_BUILD_DIR:-$root/build}
if [ "$v" = 19 ] && [ ! -d "$base-19" ]; then B=$base; else B=$base-$v; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL (LLVM $v): $*" >&2; exit 1; }

bin=$B/bin
if [ "${2:-}" = --install ]; then
  cmake --install "$B" --prefix "$work/prefix" >"$work/install.log" || { cat "$work/install.log"; fail "install"; }
  bin=$work/prefix/bin
  echo "installed $B into $work/prefix"
fi
"$bin/racelight-cc" --version | head -n1 | grep -q "clang version $v\." ||
  fail "racelight-cc does not call clang $v: $("$bin/racelight-cc" --version | head -n1)"

# One report, a data race on 'counter', both stack tops at file:line.
check_report() {  # jsonl exit-status file line
  local jsonl=$1 status=$2 file=$3 line=$4
  [ "$status" = 66 ] || fail "$file: exit status $status, expected 66"
  [ "$(wc -l <"$jsonl")" = 1 ] || fail "$file: $(wc -l <"$jsonl") reports, expected 1"
  grep -q '"kind":"data-race"' "$jsonl" || fail "$file: not a data race"
  grep -q "\"name\":\"counter\"" "$jsonl" || fail "$file: not on 'counter'"
  local at
  at=$(grep -o "\"file\":\"[^\"]*/$file\",\"line\":$line," "$jsonl" | wc -l)
  [ "$at" -ge 2 ] || fail "$file: the two accesses are not both at line $line"
  echo "ok: $file: one data race on 'counter', both accesses at line $line, exit 66"
}

cd "$work"
"$bin/racelight-c++" -O1 -g "$root/tests/e2e/core/lost_update.cpp" -o lost_update
status=0
RACELIGHT_OPTIONS="report_path=$work/lu.jsonl" ./lost_update >/dev/null 2>"$work/lu.txt" || status=$?
check_report "$work/lu.jsonl" "$status" lost_update.cpp \
  "$(grep -n 'counter += 1;.*@INC' "$root/tests/e2e/core/lost_update.cpp" | cut -d: -f1)"

mkdir project
cp "$root/tests/e2e/core/lost_update_pthread.c" project/
cat >project/CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.20)
project(lost_update C)
find_package(Threads REQUIRED)
add_executable(lost_update lost_update_pthread.c)
target_link_libraries(lost_update PRIVATE Threads::Threads)
CM
CC="$bin/racelight-cc" cmake -S project -B project/build >"$work/configure.log" ||
  { cat "$work/configure.log"; fail "configure"; }
grep -q "C compiler identification is Clang $v\." "$work/configure.log" ||
  fail "CMake did not see clang $v: $(grep 'compiler identification' "$work/configure.log")"
cmake --build project/build >"$work/build.log" || { cat "$work/build.log"; fail "build"; }
status=0
RACELIGHT_OPTIONS="report_path=$work/cm.jsonl" project/build/lost_update >/dev/null 2>&1 || status=$?
check_report "$work/cm.jsonl" "$status" lost_update_pthread.c \
  "$(grep -n 'counter += 1;.*@INC' "$root/tests/e2e/core/lost_update_pthread.c" | cut -d: -f1)"
echo "PASS: LLVM $v"
