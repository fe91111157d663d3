#!/bin/bash
# Command-line tests of `racelight`. Each function t_NAME is one ctest test, tools_cli_NAME
# (tests/tools/CMakeLists.txt finds them by reading this file).
#
#   cli_tests.sh NAME
# Environment: RACELIGHT (the command), FAKE (helpers/fake_program), FIXTURES (fixtures/),
#              DOCS (docs/usage.md).
set -u
: "${RACELIGHT:?}" "${FAKE:?}" "${FIXTURES:?}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/racelight-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$FIXTURES" || exit 1

fail() {
  echo "FAIL: $*" >&2
  if [ -f "$WORK/out" ]; then echo "--- stdout:" >&2; cat "$WORK/out" >&2; fi
  if [ -f "$WORK/err" ]; then echo "--- stderr:" >&2; cat "$WORK/err" >&2; fi
  exit 1
}

# rl ARGS...: runs racelight, stdout in $WORK/out, stderr in $WORK/err, status in $status.
rl() {
  "$RACELIGHT" "$@" >"$WORK/out" 2>"$WORK/err"
  status=$?
}
expect_status() { [ "$status" = "$1" ] || fail "expected exit status $1, got $status"; }
out_has() { grep -qF -- "$1" "$WORK/out" || fail "stdout lacks: $1"; }
out_lacks() { ! grep -qF -- "$1" "$WORK/out" || fail "stdout has: $1"; }
err_has() { grep -qF -- "$1" "$WORK/err" || fail "stderr lacks: $1"; }
err_lines() { [ "$(grep -c . "$WORK/err")" = "$1" ] || fail "expected $1 stderr lines"; }

# --- help, version, usage errors -----------------------------------------------------------
t_help() {
  rl --help
  expect_status 0
  for flag in report gate baseline run --format --output --suppressions --source-root \
    --no-source --color --baseline --keep-reports --plugin-path --runtime-path \
    --compile-flags --link-flags --version --help; do
    out_has "$flag"
  done
  rl run --help
  expect_status 0
  out_has "Usage:"
}

t_docs_list_every_flag() {
  [ -r "${DOCS:-}" ] || fail "docs/usage.md not found (DOCS=${DOCS:-})"
  for flag in $("$RACELIGHT" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
    grep -qF -- "$flag" "$DOCS" || fail "docs/usage.md does not mention $flag"
  done
  for cmd in "racelight report" "racelight gate" "racelight baseline" "racelight run" \
    report_path exitcode suppressions on_deadlock log_path verbosity halt_on_error NO_COLOR \
    upload-sarif junit; do
    grep -qF -- "$cmd" "$DOCS" || fail "docs/usage.md does not mention $cmd"
  done
}

t_version() {
  rl --version
  expect_status 0
  grep -qE '^racelight [0-9]+\.[0-9]+\.[0-9]+$' "$WORK/out" || fail "bad --version output"
}

t_no_arguments() {
  rl
  expect_status 2
  err_has "Usage:"
}

t_unknown_option() {
  rl report --frobnicate all.jsonl
  expect_status 2
  err_has "unknown option '--frobnicate'"
  err_lines 1
  rl --frobnicate
  expect_status 2
  err_has "unknown option '--frobnicate'"
}

t_unknown_command() {
  rl frobnicate
  expect_status 2
  err_has "unknown command 'frobnicate'"
  err_lines 1
}

t_bad_option_values() {
  rl report --format yaml all.jsonl
  expect_status 2
  err_has "unknown format 'yaml'"
  rl report --color=sometimes all.jsonl
  expect_status 2
  err_has "--color must be auto, always or never"
  rl report all.jsonl --output
  expect_status 2
  err_has "option '--output' needs a value"
  rl report --baseline all.jsonl all.jsonl
  expect_status 2
  err_has "'--baseline' is for gate and run"
  rl report
  expect_status 2
  err_has "no report files given"
}

# --- report ----------------------------------------------------------------------------------
t_report_text() {
  rl report all.jsonl
  expect_status 0
  out_has "src/counter.c:7:2: data-race: data race on global 'counter' (4 bytes)"
  out_has "src/bank.cc:11:31: deadlock: 2 threads wait for each other's mutexes M1 and M2"
  out_has "src/philosophers.c:9:3: lock-order-inversion: cycle in lock order"
  out_has "src/misuse.c:8:3: mutex-misuse: unlock of an unlocked mutex M1 (0x55aa00002040) [unlock-of-unlocked]"
  out_has "src/pool.c:41:12: data-race: data race on heap block of 400 bytes (freed) [free]"
  # The source line and a caret under the column (tabs kept so the caret lines up).
  grep -qxF "    7 | 	counter++;" "$WORK/out" || fail "no source line for counter.c:7"
  grep -qxF "      | 	^" "$WORK/out" || fail "no caret under counter.c:7:2"
  grep -qxF "   11 |   std::lock_guard<std::mutex> b(to.m);" "$WORK/out" || fail "no bank.cc:11"
  grep -qxF "      |                               ^" "$WORK/out" || fail "no caret at column 31"
  out_has "Write of size 4 at 0x55d0c0a4c010 by thread 2 [current-access]:"
  out_has "#2 transfer(Account&, Account&, long) src/bank.cc:11:31"
  out_has "Thread T1 (finished) created by main thread at:"
  out_has "Location: heap block of size 400 at 0x6020000000a0, offset 12, allocated by main thread:"
  out_has "SUMMARY: racelight: data-race src/counter.c:7:2 in worker"
  # System frames folded by default, shown with --show-system-frames.
  out_has "    ... 2 frames in libstdc++"
  out_lacks "std::lock_guard<std::mutex>::lock_guard"
  out_lacks "legacy_stats"   # suppressed by the runtime
  tail -n1 "$WORK/out" | grep -qxF "racelight: 5 reports (2 data-race, 1 deadlock, 1 lock-order-inversion, 1 mutex-misuse), 1 suppressed" ||
    fail "bad summary line"
  grep -q $'\033' "$WORK/out" && fail "colour written to a pipe"
  # --no-source drops the quoted lines only.
  rl report --no-source all.jsonl
  expect_status 0
  out_lacks "counter++;"
  out_has "src/counter.c:7:2: data-race:"
  rl report --show-system-frames all.jsonl
  expect_status 0
  out_has "#1 std::lock_guard<std::mutex>::lock_guard(std::mutex&) /usr/include/c++/12/bits/std_mutex.h"
  out_lacks "frames in libstdc++"
}

t_report_absolute_paths_and_source_root() {
  sed "s|\"src/|\"$FIXTURES/src/|g" all.jsonl >"$WORK/abs.jsonl"
  (cd "$WORK" && "$RACELIGHT" report abs.jsonl >out 2>err) || fail "report failed"
  # Outside the source root: shown as absolute paths, source still quoted.
  out_has "$FIXTURES/src/counter.c:7:2: data-race:"
  out_has "counter++;"
  (cd "$WORK" && "$RACELIGHT" report --source-root "$FIXTURES" abs.jsonl >out 2>err) ||
    fail "report --source-root failed"
  out_has "src/counter.c:7:2: data-race:"
  out_lacks "$FIXTURES/src/counter.c:7:2"
}

t_report_color() {
  rl report --color=always data_race.jsonl
  expect_status 0
  grep -q $'\033\\[1;31mdata-race:' "$WORK/out" || fail "--color=always wrote no colour"
  rl report --color=never data_race.jsonl
  grep -q $'\033' "$WORK/out" && fail "--color=never wrote colour"
  # On a terminal: colour unless NO_COLOR is set (and not empty).
  command -v script >/dev/null || { echo "no script(1): terminal part skipped"; return 0; }
  script -qec "\"$RACELIGHT\" report data_race.jsonl" /dev/null >"$WORK/tty" 2>&1
  grep -q $'\033\\[' "$WORK/tty" || fail "no colour on a terminal"
  NO_COLOR=1 script -qec "\"$RACELIGHT\" report data_race.jsonl" /dev/null >"$WORK/tty" 2>&1
  grep -q $'\033\\[' "$WORK/tty" && fail "colour with NO_COLOR=1"
  NO_COLOR= script -qec "\"$RACELIGHT\" report data_race.jsonl" /dev/null >"$WORK/tty" 2>&1
  grep -q $'\033\\[' "$WORK/tty" || fail "an empty NO_COLOR must not disable colour"
  NO_COLOR=1 script -qec "\"$RACELIGHT\" report --color=always data_race.jsonl" /dev/null \
    >"$WORK/tty" 2>&1
  grep -q $'\033\\[' "$WORK/tty" || fail "--color=always must win over NO_COLOR"
}

t_report_dedupe() {
  rl report data_race.jsonl data_race_rerun.jsonl
  expect_status 0
  [ "$(grep -c "data-race: data race on global 'counter'" "$WORK/out")" = 1 ] ||
    fail "duplicates not merged"
  out_has "seen 3 times in 3 processes"
  out_has "racelight: 1 report (1 data-race), 3 occurrences, 0 suppressed"
}

t_report_json() {
  rl report --format json all.jsonl data_race_rerun.jsonl
  expect_status 0
  [ "$(wc -l <"$WORK/out")" = 6 ] || fail "expected 6 JSON lines (5 shown + 1 suppressed)"
  [ "$(grep -c '"fingerprint":"[0-9a-f]\{16\}"' "$WORK/out")" = 6 ] || fail "fingerprints missing"
  out_has '"occurrences":3'
  out_has '"suppressed":true'
  # Re-reading the normalized output gives the same result.
  cp "$WORK/out" "$WORK/normalized.jsonl"
  rl report --format summary "$WORK/normalized.jsonl"
  cp "$WORK/out" "$WORK/s1"
  rl report --format summary all.jsonl data_race_rerun.jsonl
  cmp -s "$WORK/out" "$WORK/s1" || fail "summary differs after a JSON round trip"
}

t_report_summary() {
  rl report --format summary all.jsonl
  expect_status 0
  printf 'data-race: 2\ndeadlock: 1\nlock-order-inversion: 1\nmutex-misuse: 1\ntotal: 5\noccurrences: 5\nsuppressed: 1\n' \
    >"$WORK/expected"
  cmp -s "$WORK/out" "$WORK/expected" || fail "bad summary"
}

t_report_sarif_file() {
  rl report --format sarif --output "$WORK/r.sarif" all.jsonl
  expect_status 0
  [ -s "$WORK/r.sarif" ] || fail "no SARIF written"
  [ -s "$WORK/out" ] && fail "SARIF also went to stdout"
  grep -qF '"version": "2.1.0"' "$WORK/r.sarif" || fail "no version"
  if command -v python3 >/dev/null; then
    python3 - "$WORK/r.sarif" <<'EOF' || fail "SARIF checks failed"
import json, sys
log = json.load(open(sys.argv[1]))
run = log["runs"][0]
assert run["tool"]["driver"]["name"] == "Racelight"
assert len(run["results"]) == 5, len(run["results"])
assert run["properties"]["suppressedCount"] == 1
for r in run["results"]:
    assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    assert r["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
EOF
  fi
}

t_report_junit() {
  rl report --format junit all.jsonl
  expect_status 0
  out_has '<testsuite name="racelight" tests="5" failures="5"'
  out_has "&lt;std::mutex&gt;"
  if command -v xmllint >/dev/null; then
    xmllint --noout "$WORK/out" || fail "JUnit XML not well-formed"
  fi
  rl report --format junit mutex_misuse.jsonl --suppressions /dev/stdin <<<'mutex:main'
  expect_status 0
  out_has '<testsuite name="racelight" tests="1" failures="0"'
  out_has '<testcase classname="racelight" name="no reports"/>'
  out_has '<property name="suppressed" value="1"/>'
}

t_report_stdin() {
  "$RACELIGHT" report - <deadlock.jsonl >"$WORK/out" 2>"$WORK/err" || fail "report - failed"
  out_has "src/bank.cc:11:31: deadlock:"
}

t_report_new_kind() {
  rl report future_kind.jsonl no_debug_info.jsonl
  expect_status 0
  out_has "src/leaky.c:5:3: thread-leak: thread 4 was never joined"
  out_has "/home/ci/project/build/nodebug: data-race: data race at 0x7f00deadbeef (8 bytes)"
  out_has "(no stack)"
  out_has "1 data-race, 1 thread-leak"
}

t_report_malformed_lines() {
  rl report malformed.jsonl
  expect_status 2
  err_has "malformed.jsonl:2: malformed JSON"
  err_has "malformed.jsonl:3: missing or empty string field 'kind'"
  err_has "malformed.jsonl:6: 'events' must be an array"
  err_lines 3
  # The good lines (1 and 5) are still rendered.
  out_has "data-race: data race on global 'counter'"
  out_has "mutex-misuse: unlock of an unlocked mutex"
  out_has "racelight: 2 reports"
}

# deep.jsonl: a good report, then one whose field `extra` is nested 100,000 deep, then one
# that opens 100,000 arrays and never closes them. Rendering the first as JSON (report,
# baseline, gate) overflowed the stack.
make_deep_file() {
  {
    head -n 1 data_race.jsonl
    printf '{"schema":1,"kind":"data-race","message":"deep","events":[],"extra":'
    head -c 100000 /dev/zero | tr '\0' '['
    head -c 100000 /dev/zero | tr '\0' ']'
    printf '}\n{"kind":"data-race","events":'
    head -c 100000 /dev/zero | tr '\0' '['
    printf '\n'
  } >"$WORK/deep.jsonl"
}

t_report_deep_nesting() {
  make_deep_file
  for command in "report" "report --format json" "baseline" "gate --format json" "gate"; do
    # shellcheck disable=SC2086
    rl $command "$WORK/deep.jsonl"
    expect_status 2
    err_has "deep.jsonl:2: JSON nested deeper than 100 levels"
    err_has "deep.jsonl:3: JSON nested deeper than 100 levels"
    err_lines "$([ "${command%% *}" = gate ] && echo 3 || echo 2)"
  done
  # The good line is still rendered.
  rl report --format json "$WORK/deep.jsonl"
  out_has '"kind":"data-race"'
  # Also in a baseline given to gate.
  rl gate --baseline "$WORK/deep.jsonl" data_race.jsonl
  expect_status 2
  err_has "baseline: $WORK/deep.jsonl:2: JSON nested deeper than 100 levels"
}

# Many malformed lines (a binary file, 20 MB of garbage): the first 20 errors and a count of
# the rest, not one line each.
t_report_many_malformed_lines() {
  { head -n 1 data_race.jsonl; for i in $(seq 1 500); do echo "garbage $i"; done; } >"$WORK/bad.jsonl"
  for command in report baseline gate; do
    rl $command "$WORK/bad.jsonl"
    expect_status 2
    err_has "bad.jsonl:2: malformed JSON"
    err_has "bad.jsonl:21: malformed JSON"
    ! grep -qF "bad.jsonl:22:" "$WORK/err" || fail "more than 20 errors printed"
    err_has "racelight: error: $WORK/bad.jsonl: 480 more malformed lines not listed (500 in all)"
    err_lines "$([ "$command" = gate ] && echo 22 || echo 21)"
  done
  rl report "$WORK/bad.jsonl"
  out_has "racelight: 1 report"
  # Binary garbage without line ends: one error.
  head -c 2000000 /dev/urandom | tr -d '\n' >"$WORK/binary.jsonl"
  rl report "$WORK/binary.jsonl"
  expect_status 2
  err_lines 1
}

# A big report file (13,000 copies of one report, 20 MB) is read one line at a time and
# merged as it is read: peak memory stays small (it was 12 times the file's size).
t_report_big_file_streamed() {
  command -v /usr/bin/time >/dev/null || return 0
  yes "$(head -n 1 data_race.jsonl)" | head -n 13000 >"$WORK/big.jsonl"
  for command in "report --format summary" "gate --format summary"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "%M" -o "$WORK/rss" "$RACELIGHT" $command "$WORK/big.jsonl" \
      >"$WORK/out" 2>"$WORK/err"
    out_has "occurrences: 13000"
    rss=$(tail -n 1 "$WORK/rss")
    [ "$rss" -lt 60000 ] || fail "$command: peak RSS $rss KB for a 20 MB file"
  done
}

# 6,000 distinct reports: 5,000 are kept in full, the rest only counted; SARIF and JUnit hold
# at most 1,000 and say how many they left out; counts, baselines and exit codes stay exact.
t_report_many_distinct_capped() {
  head -n 1 data_race.jsonl |
    awk '{ for (i = 1; i <= 6000; i++) { l = $0; gsub(/"worker"/, "\"worker" i "\"", l); print l } }' \
    >"$WORK/many.jsonl"
  rl report --format summary "$WORK/many.jsonl"
  expect_status 0
  out_has "total: 6000"
  err_has "racelight: warning: 1000 distinct reports were counted but not kept, so not rendered (at most 5000 reports or 16 MB of report text are kept)"
  rl report --format sarif --output "$WORK/r.sarif" "$WORK/many.jsonl"
  expect_status 0
  [ "$(grep -c '"ruleId"' "$WORK/r.sarif")" = 1000 ] || fail "SARIF does not hold 1000 results"
  grep -qF '"omittedCount": 5000' "$WORK/r.sarif" || fail "SARIF lacks omittedCount 5000"
  rl report --format junit "$WORK/many.jsonl"
  out_has '<testsuite name="racelight" tests="1001" failures="1001"'
  out_has '<property name="omitted" value="5000"/>'
  out_has '5000 more reports not listed (at most 1000 per file)'
  [ "$(grep -c '<testcase ' "$WORK/out")" = 1001 ] || fail "JUnit does not hold 1001 test cases"
  rl gate --format summary "$WORK/many.jsonl"
  expect_status 66
  err_has "racelight gate: 6000 new, 0 known"
  rl gate --format summary --baseline "$WORK/many.jsonl" "$WORK/many.jsonl"
  expect_status 0
  err_has "racelight gate: 0 new, 6000 known"
  # Suppressed ones past the limit are counted as suppressed.
  rl report --format summary --suppressions /dev/stdin "$WORK/many.jsonl" <<<'race:counter.c'
  out_has "total: 0"
  out_has "suppressed: 6000"
}

# A few huge distinct reports (24 of 1 MB): at most 16 MB of report text is kept in full.
t_report_huge_reports_capped() {
  local line pad i
  line=$(head -n 1 data_race.jsonl)
  pad=$(head -c 1000000 /dev/zero | tr '\0' x)
  for i in $(seq 1 24); do
    printf '{"pad":"%s",%s\n' "$pad" "$(printf '%s' "${line#\{}" | sed "s/\"worker\"/\"worker$i\"/g")"
  done \
    >"$WORK/huge.jsonl"
  rl report --format summary "$WORK/huge.jsonl"
  expect_status 0
  out_has "total: 24"
  err_has "racelight: warning: 8 distinct reports were counted but not kept"
  rl report --format json "$WORK/huge.jsonl"
  [ "$(wc -l <"$WORK/out")" = 16 ] || fail "expected 16 reports kept in full"
}

t_report_missing_file() {
  rl report deadlock.jsonl "$WORK/nope.jsonl" mutex_misuse.jsonl
  expect_status 2
  err_has "cannot read report file '$WORK/nope.jsonl': No such file or directory"
  err_lines 1
  out_has "deadlock:"
  out_has "mutex-misuse:"
  rl report "$WORK"
  expect_status 2
  err_has "Is a directory"
}

t_report_unwritable_output() {
  rl report --output "$WORK/no/such/dir/out.txt" all.jsonl
  expect_status 2
  err_has "cannot write output file '$WORK/no/such/dir/out.txt'"
  err_lines 1
}

# --- suppressions ----------------------------------------------------------------------------
t_suppressions_file() {
  cat >"$WORK/supp" <<'EOF'
# Known races in the counter demo.
race_top:^worker$

deadlock:transfer*Account
mutex:misuse.c
EOF
  rl report --suppressions "$WORK/supp" all.jsonl
  expect_status 0
  out_lacks "counter.c:7:2"
  out_lacks "bank.cc:11:31"
  out_lacks "misuse.c:8:3"
  out_has "src/pool.c:41:12"
  out_has "src/philosophers.c:9:3"
  out_has "racelight: 2 reports (1 data-race, 1 lock-order-inversion), 4 suppressed"
  rl report --suppressions "$WORK/supp" --format json all.jsonl
  out_has '"suppressed_by":"race_top:^worker$"'
  out_has '"suppressed_by":"deadlock:transfer*Account"'
}

t_suppressions_unreadable() {
  rl report --suppressions "$WORK/missing.supp" all.jsonl
  expect_status 2
  err_has "cannot read suppressions file '$WORK/missing.supp'"
  err_lines 1
  [ -s "$WORK/out" ] && fail "rendered despite a bad suppressions file"
  true
}

t_suppressions_malformed() {
  printf '# ok\nrace:foo\nthis line has no colon\n' >"$WORK/bad.supp"
  rl report --suppressions "$WORK/bad.supp" all.jsonl
  expect_status 2
  err_has "$WORK/bad.supp:3: malformed suppression 'this line has no colon'"
  printf 'race:foo\n\nleak:bar\n' >"$WORK/bad2.supp"
  rl report --suppressions "$WORK/bad2.supp" all.jsonl
  expect_status 2
  err_has "$WORK/bad2.supp:3: unknown suppression type 'leak'"
  printf 'race:\n' >"$WORK/bad3.supp"
  rl report --suppressions "$WORK/bad3.supp" all.jsonl
  expect_status 2
  err_has "$WORK/bad3.supp:1: empty pattern"
}

# --- gate and baselines ----------------------------------------------------------------------
t_gate_exit_codes() {
  rl baseline all.jsonl
  expect_status 0
  cp "$WORK/out" "$WORK/known.jsonl"
  rl gate --baseline "$WORK/known.jsonl" all.jsonl data_race_rerun.jsonl
  expect_status 0
  err_has "racelight gate: 0 new, 5 known, 0 fixed, 1 suppressed"
  out_has "racelight: no new reports"
  # A new report: exit 66 and only the new one shown.
  rl gate --baseline "$WORK/known.jsonl" all.jsonl future_kind.jsonl
  expect_status 66
  out_has "thread-leak: thread 4 was never joined"
  out_lacks "deadlock:"
  err_has "racelight gate: 1 new, 5 known, 0 fixed"
  # Fixed: in the baseline (6 reports, one suppressed by the runtime), not any more.
  rl gate --baseline "$WORK/known.jsonl" deadlock.jsonl
  expect_status 0
  err_has "racelight gate: 0 new, 1 known, 5 fixed"
  # A baseline from the runtime's own file works as well (fingerprints are recomputed).
  rl gate --baseline data_race.jsonl data_race_rerun.jsonl
  expect_status 0
  # No baseline: every report is new.
  rl gate deadlock.jsonl
  expect_status 66
  rl gate --format sarif --baseline "$WORK/known.jsonl" all.jsonl future_kind.jsonl
  expect_status 66
  out_has '"ruleId": "thread-leak"'
  out_has '"knownCount": 5'
}

t_gate_errors() {
  rl gate --baseline "$WORK/none.jsonl" all.jsonl
  expect_status 2
  err_has "cannot read report file '$WORK/none.jsonl'"
  rl gate --baseline data_race.jsonl malformed.jsonl
  expect_status 2
  err_has "malformed.jsonl:2:"
}

# --- run -------------------------------------------------------------------------------------
t_run_report() {
  rl run -- "$FAKE" report
  expect_status 66
  err_has "/src/fake/program.c:30:5: data-race: data race on global 'shared' (4 bytes)"
  err_has "racelight: 1 report (1 data-race), 0 suppressed"
  rl run "$FAKE" report-exit 3
  expect_status 66
}

t_run_clean() {
  rl run -- "$FAKE" clean
  expect_status 0
  err_has "racelight: no reports"
}

t_run_exit_status() {
  rl run -- "$FAKE" exit 3
  expect_status 3
  rl run -- "$FAKE" signal
  expect_status 137
  err_has "racelight: program killed by signal 9 (Killed)"
  rl run -- "$FAKE" exit 0
  ! grep -qF "killed by signal" "$WORK/err" || fail "a signal named for a normal exit"
}

# A program that crashes after reporting: its reports are shown, racelight says how it
# ended, and the exit status is the crash's (128+N), not 66: a crash is never mistaken for
# a run that only found reports.
t_run_program_crash() {
  rl run -- "$FAKE" report-crash
  expect_status 139
  err_has "data-race: data race on global 'shared' (4 bytes)"
  err_has "racelight: program killed by signal 11 (Segmentation fault)"
  rl run -- "$FAKE" report-abort
  expect_status 134
  err_has "data-race: data race on global 'shared' (4 bytes)"
  err_has "racelight: program killed by signal 6 (Aborted)"
  # Also with --output: the note goes to stderr.
  rl run --output "$WORK/reports.txt" -- "$FAKE" report-crash
  expect_status 139
  err_has "racelight: program killed by signal 11 (Segmentation fault)"
}

t_run_fork() {
  rl run --format json -- "$FAKE" fork
  expect_status 66
  err_has '"function":"parent_writer"'
  err_has '"function":"child_writer"'
}

t_run_orphan() {
  rl run -- "$FAKE" orphan
  expect_status 66
  err_has "orphan_writer"
}

t_run_missing_program() {
  rl run -- "$WORK/no-such-program" arg
  expect_status 127
  err_has "cannot execute '$WORK/no-such-program': No such file or directory"
  err_lines 1
  rl run -- no-such-program-in-path-xyz
  expect_status 127
  printf '#!/bin/sh\nexit 0\n' >"$WORK/not-executable"
  rl run -- "$WORK/not-executable"
  expect_status 126
  err_has "Permission denied"
  rl run
  expect_status 125
  err_has "no program given"
}

t_run_options() {
  RACELIGHT_OPTIONS="verbosity=1:color=never exitcode=9" rl run -- "$FAKE" print-options
  expect_status 0
  grep -qE '^verbosity=1:color=never exitcode=9 log_path=/dev/null report_path=[^ ]+\.jsonl exitcode=0$' "$WORK/out" ||
    fail "RACELIGHT_OPTIONS not extended: $(cat "$WORK/out")"
  # The temporary report file is removed.
  f=$(sed -E 's/.*report_path=([^ ]+).*/\1/' "$WORK/out")
  [ -e "$f" ] && fail "temporary report file $f left behind"
  true
}

t_run_suppressions() {
  printf 'race:writer\n' >"$WORK/supp"
  rl run --suppressions "$WORK/supp" -- "$FAKE" report
  expect_status 0
  err_has "1 suppressed"
  RACELIGHT_OPTIONS="suppressions=$WORK/supp" rl run -- "$FAKE" report
  expect_status 0
  err_has "1 suppressed"
  RACELIGHT_OPTIONS="suppressions=$WORK/missing" rl run -- "$FAKE" report
  expect_status 125
  err_has "cannot read suppressions file '$WORK/missing'"
  printf 'race\n' >"$WORK/bad"
  rl run --suppressions "$WORK/bad" -- "$FAKE" report
  expect_status 125
  err_has "$WORK/bad:1: malformed suppression"
}

t_run_baseline() {
  "$RACELIGHT" run --format json --output "$WORK/known.jsonl" -- "$FAKE" report >/dev/null 2>&1
  [ -s "$WORK/known.jsonl" ] || fail "no baseline written"
  rl run --baseline "$WORK/known.jsonl" -- "$FAKE" report
  expect_status 0
  err_has "racelight: no new reports, 1 known, 0 fixed"
  rl run --baseline "$WORK/known.jsonl" -- "$FAKE" report other_function
  expect_status 66
  err_has "other_function"
}

t_run_output_and_keep() {
  rl run --format sarif --output "$WORK/run.sarif" --keep-reports "$WORK/kept" -- "$FAKE" report
  expect_status 66
  grep -qF '"ruleId": "data-race"' "$WORK/run.sarif" || fail "no SARIF result"
  ls "$WORK"/kept/fake_program.*.jsonl >/dev/null 2>&1 || fail "raw reports not kept"
  grep -qF '"kind":"data-race"' "$WORK"/kept/fake_program.*.jsonl || fail "kept file empty"
  err_has "racelight: raw reports kept in $WORK/kept/fake_program."
  # An unwritable output is found before the program runs.
  rl run --output "$WORK/no/dir/x" -- "$FAKE" print-options
  expect_status 125
  err_has "cannot write output file '$WORK/no/dir/x'"
  [ -s "$WORK/out" ] && fail "the program ran although the output is unwritable"
  true
}

t_run_forwards_sigterm() {
  "$RACELIGHT" run -- "$FAKE" wait-term "$WORK/ready" >"$WORK/out" 2>"$WORK/err" &
  pid=$!
  for _ in $(seq 500); do [ -e "$WORK/ready" ] && break; sleep 0.02; done
  [ -e "$WORK/ready" ] || fail "the program did not start"
  kill -TERM "$pid"
  wait "$pid"
  status=$?
  # The program caught SIGTERM, reported, and exited 7; the report makes it 66.
  expect_status 66
  err_has "term_handler"
}

# --- compile helpers -------------------------------------------------------------------------
t_helpers_relative_to_executable() {
  mkdir -p "$WORK/prefix/bin" "$WORK/prefix/lib/racelight"
  cp "$RACELIGHT" "$WORK/prefix/bin/racelight"
  P=$WORK/prefix/bin/racelight
  L=$WORK/prefix/lib/racelight
  "$P" --plugin-path >"$WORK/out" 2>"$WORK/err"
  [ $? = 2 ] || fail "--plugin-path must fail when the plugin is missing"
  err_has "missing $L/RacelightPass.so"
  touch "$L/RacelightPass.so" "$L/libracelight_rt.a" "$L/racelight.dynlist"
  [ "$("$P" --plugin-path)" = "$L/RacelightPass.so" ] || fail "--plugin-path: $("$P" --plugin-path)"
  [ "$("$P" --runtime-path)" = "$L/libracelight_rt.a" ] || fail "--runtime-path"
  [ "$("$P" --compile-flags)" = "-fpass-plugin=$L/RacelightPass.so -gline-tables-only" ] ||
    fail "--compile-flags: $("$P" --compile-flags)"
  [ "$("$P" --link-flags)" = "-Wl,--whole-archive $L/libracelight_rt.a -Wl,--no-whole-archive -Wl,--dynamic-list=$L/racelight.dynlist -lpthread -ldl" ] ||
    fail "--link-flags: $("$P" --link-flags)"
  # Through a symlink too (e.g. /usr/local/bin/racelight -> prefix/bin/racelight).
  ln -s "$P" "$WORK/link"
  [ "$("$WORK/link" --plugin-path)" = "$L/RacelightPass.so" ] || fail "symlinked --plugin-path"
  # The same flags as the wrapper adds at link time.
  if [ -r "${WRAPPER_TEMPLATE:-}" ]; then
    grep -qF -- '-Wl,--whole-archive "$runtime" -Wl,--no-whole-archive' "$WRAPPER_TEMPLATE" &&
      grep -qF -- '-Wl,--dynamic-list="$dynlist" -lpthread -ldl' "$WRAPPER_TEMPLATE" ||
      fail "the wrapper's link flags changed; update link_flags() in tools/racelight/paths.cc"
  fi
  "$P" --plugin-path extra >"$WORK/out" 2>"$WORK/err"
  [ $? = 2 ] || fail "--plugin-path with an argument must fail"
}

name=${1:?usage: cli_tests.sh TEST}
if ! declare -F "t_$name" >/dev/null; then
  echo "no such test: $name" >&2
  exit 2
fi
"t_$name"
echo "PASS: $name"
