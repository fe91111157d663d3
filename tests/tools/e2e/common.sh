# Shared by the tools_e2e_* and tools_install_* tests (sourced).
# Environment (set by tests/tools/CMakeLists.txt): RACELIGHT_BUILD_DIR, RACELIGHT_SOURCE_DIR,
# RACELIGHT_E2E_DIR, RACELIGHT_CLANG, RACELIGHT_CLANGXX, CMAKE_COMMAND, CPACK_COMMAND.
set -u
: "${RACELIGHT_BUILD_DIR:?}" "${RACELIGHT_E2E_DIR:?}" "${RACELIGHT_CLANG:?}" "${RACELIGHT_CLANGXX:?}"
CMAKE=${CMAKE_COMMAND:-cmake}
CPACK=${CPACK_COMMAND:-cpack}
B=$RACELIGHT_BUILD_DIR
PROJECT=$RACELIGHT_E2E_DIR/project
WORK=$(mktemp -d "${TMPDIR:-/tmp}/racelight-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
unset RACELIGHT_OPTIONS CC CXX CFLAGS CXXFLAGS LDFLAGS

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
step() { echo "== $*"; }

# run_logged LOG CMD...: runs CMD with its output in LOG; shows LOG and fails if CMD fails.
run_logged() {
  local log=$1
  shift
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    fail "command failed: $*"
  fi
}

# Skips the test when the wrappers in bin dir $1 cannot build and run a program yet (the
# plugin or runtime is missing or broken).
probe_wrappers() {
  local bindir=${1:-$B/bin}
  printf 'int main(void) { return 0; }\n' >"$WORK/probe.c"
  if ! "$bindir/racelight-cc" "$WORK/probe.c" -o "$WORK/probe" >"$WORK/probe.log" 2>&1; then
    cat "$WORK/probe.log"
    skip "racelight-cc cannot build a program yet"
  fi
  "$WORK/probe" >"$WORK/probe.log" 2>&1 || { cat "$WORK/probe.log"; skip "an instrumented program does not run yet"; }
}

# expect_race RACELIGHT FILE:LINE CMD...: CMD (run under `RACELIGHT run`) must exit 66 with a
# data-race report whose headline is at FILE:LINE.
expect_race() {
  local rl=$1 where=$2
  shift 2
  local out=$WORK/run.out
  "$rl" run --no-source --color=never -- "$@" >"$out" 2>&1
  local status=$?
  [ "$status" = 66 ] || { cat "$out" >&2; fail "expected exit status 66 from $*, got $status"; }
  grep -qE "(^|/)$where(:[0-9]+)?: data-race: " "$out" ||
    { cat "$out" >&2; fail "no data race reported at $where by $*"; }
  echo "   $* -> data race at $where (exit 66)"
}

# expect_clean RACELIGHT CMD...: CMD must exit 0 with no report.
expect_clean() {
  local rl=$1
  shift
  local out=$WORK/run.out
  "$rl" run --color=never -- "$@" >"$out" 2>&1
  local status=$?
  [ "$status" = 0 ] || { cat "$out" >&2; fail "expected exit status 0 from $*, got $status"; }
  grep -qF "racelight: no reports" "$out" || { cat "$out" >&2; fail "unexpected reports from $*"; }
  echo "   $* -> clean (exit 0)"
}

# check_project_binaries RACELIGHT DIR: the project's programs in DIR behave as expected.
check_project_binaries() {
  local rl=$1 dir=$2
  expect_race "$rl" worker.c:9 "$dir/counter"
  expect_clean "$rl" "$dir/locked"
  expect_race "$rl" racy.cc:7 "$dir/racy_cxx"
  expect_race "$rl" shared_lib.c:5 "$dir/use_lib"
}
