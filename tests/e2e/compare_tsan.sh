#!/usr/bin/env bash
# Compares Racelight with ThreadSanitizer on the end-to-end corpus (tests/e2e/core,
# tests/e2e/sync, tests/e2e/posix, tests/e2e/fd, tests/e2e/libc and tests/e2e/openmp): builds every program with clang -fsanitize=thread and with the Racelight
# wrappers (same -O level, -g), runs both with a timeout, and prints one row per program:
#
#   program  expected  TSan verdict  Racelight verdict  agreement with the expectation
#
# then, per tool, how many correct programs got false reports and how many racy programs were
# missed. Informational only (not a ctest test): the exit status is 0 unless the script
# itself cannot run.
#
# usage: tests/e2e/compare_tsan.sh [BUILD_DIR]        (default BUILD_DIR: ./build)
# environment:
#   OPT=-O1             optimization level for both tools
#   FAMILIES="core sync posix fd libc openmp"  which tests/e2e/<family> folders to compare
#   ARCHER=/usr/lib/llvm-19/lib/libarcher.so  the OMPT tool loaded (OMP_TOOL_LIBRARIES) into
#                       TSan's builds of OpenMP programs (-fopenmp in RACELIGHT-FLAGS), when
#                       the file exists: TSan alone does not see libomp's synchronization
#                       (with TSAN_OPTIONS ignore_noninstrumented_modules=1, as Archer asks)
#   TIMEOUT=20          default run timeout in seconds (RACELIGHT-TIMEOUT overrides it)
#   LLVM_BIN=/usr/lib/llvm-19/bin   where clang/clang++ for TSan are
#   KEEP=1              keep the work directory (binaries and outputs) and print its path
#   TSAN_EXTRA_OPTIONS  appended to TSAN_OPTIONS (halt_on_error=0 report_thread_leaks=0)
set -u

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
build=$(cd "$build" 2>/dev/null && pwd) || { echo "compare_tsan.sh: no build directory '$1'" >&2; exit 2; }
opt=${OPT:--O1}
families=${FAMILIES:-core sync posix fd libc openmp}
default_timeout=${TIMEOUT:-20}
llvm_bin=${LLVM_BIN:-/usr/lib/llvm-19/bin}
tsan_cc=$llvm_bin/clang
tsan_cxx=$llvm_bin/clang++
archer=${ARCHER:-$llvm_bin/../lib/libarcher.so}
[ -f "$archer" ] && archer=$(readlink -f "$archer") || archer=
rl_cc=$build/bin/racelight-cc
rl_cxx=$build/bin/racelight-c++

for tool in "$tsan_cc" "$tsan_cxx" "$rl_cc" "$rl_cxx"; do
  [ -x "$tool" ] || { echo "compare_tsan.sh: $tool not found (build Racelight first?)" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/racelight-compare.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  echo "work directory: $work"
else
  trap 'rm -rf "$work"' EXIT
fi

# Directive values from a test program: directive FILE NAME -> the text after "NAME:".
directive() {
  sed -n "s@.*//[[:space:]]*RACELIGHT-$2:[[:space:]]*@@p" "$1"
}

# Number of reports a program expects (0 for a clean program). Lines for one level only
# (opt=O0, opt=O2) count at that level; at other levels (-O1, -O3...) the -O2 ones.
expected_reports() {
  local level=${opt#-}
  [ "$level" = O0 ] || level=O2
  directive "$1" EXPECT |
    awk -v want="opt=$level" '!/^(none|exit=)/ && (!/opt=O[02]/ || index($0, want)) { n++ } END { print n + 0 }'
}

# run_with_timeout SECONDS OUTFILE CMD... -> prints the exit status ("timeout" if killed).
run_with_timeout() {
  local secs=$1 out=$2
  shift 2
  timeout -s KILL "$secs" "$@" >"$out" 2>&1 </dev/null
  local rc=$?
  if [ $rc = 137 ]; then echo timeout; else echo $rc; fi
}

printf '%-44s %-9s %-16s %-16s %-5s %-5s\n' PROGRAM EXPECTED TSAN RACELIGHT TSAN RL
printf '%-44s %-9s %-16s %-16s %-5s %-5s\n' '' '' '(warnings/exit)' '(reports/exit)' 'ok?' 'ok?'

n_omp=0 tsan_fp=0 tsan_fn=0 tsan_err=0 rl_fp=0 rl_fn=0 rl_err=0 n_clean=0 n_racy=0 total=0

for family in $families; do
  for src in "$here/$family"/*.c "$here/$family"/*.cpp; do
    [ -f "$src" ] || continue
    name=$family/$(basename "$src")
    id=$(echo "$name" | tr '/.' '__')
    case $src in
      *.cpp) tcc=$tsan_cxx rcc=$rl_cxx ;;
      *) tcc=$tsan_cc rcc=$rl_cc ;;
    esac
    flags=$(directive "$src" FLAGS | tr '\n' ' ')
    options=$(directive "$src" OPTIONS | tr '\n' ' ')
    secs=$(directive "$src" TIMEOUT | head -1)
    secs=${secs:-$default_timeout}
    nexp=$(expected_reports "$src")
    if [ "$nexp" -gt 0 ]; then expect=racy; n_racy=$((n_racy + 1)); else expect=clean; n_clean=$((n_clean + 1)); fi
    total=$((total + 1))

    # --- ThreadSanitizer
    tbin=$work/$id.tsan
    # shellcheck disable=SC2086
    tool_libs= tsan_omp=
    case " $flags " in
      *" -fopenmp "*)
        # Archer's own advice: libomp is not instrumented, do not report inside it.
        tool_libs=$archer tsan_omp="ignore_noninstrumented_modules=1"
        n_omp=$((n_omp + 1)) ;;
    esac
    if "$tcc" -fsanitize=thread -g "$opt" -pthread $flags -o "$tbin" "$src" >"$work/$id.tsan.build" 2>&1; then
      st=$(OMP_TOOL_LIBRARIES=$tool_libs TSAN_OPTIONS="halt_on_error=0 report_thread_leaks=0 $tsan_omp ${TSAN_EXTRA_OPTIONS:-}" run_with_timeout "$secs" "$work/$id.tsan.out" "$tbin")
      warnings=$(grep -c '^WARNING: ThreadSanitizer:' "$work/$id.tsan.out")
      summary=$(sed -n 's/^ThreadSanitizer: reported \([0-9]*\) warnings.*/\1/p' "$work/$id.tsan.out" | tail -1)
      [ -n "$summary" ] && [ "$summary" -gt "$warnings" ] && warnings=$summary
      if [ "$st" = timeout ]; then tsan="timeout"; tv=err; else tsan="$warnings/$st"; tv=$([ "$warnings" -gt 0 ] && echo racy || echo clean); fi
    else
      tsan="build-error"; tv=err
    fi

    # --- Racelight
    rbin=$work/$id.rl
    # shellcheck disable=SC2086
    if "$rcc" -g "$opt" -pthread $flags -o "$rbin" "$src" >"$work/$id.rl.build" 2>&1; then
      reports=$work/$id.rl.jsonl
      st=$(RACELIGHT_OPTIONS="report_path=$reports $options" run_with_timeout "$secs" "$work/$id.rl.out" "$rbin")
      count=0
      [ -f "$reports" ] && count=$(grep -v '"suppressed": *true' "$reports" | grep -c .)
      if [ "$st" = timeout ]; then rl="timeout"; rv=err; else rl="$count/$st"; rv=$([ "$count" -gt 0 ] && echo racy || echo clean); fi
    else
      rl="build-error"; rv=err
    fi

    verdict() {  # verdict TOOL_VERDICT -> yes/no/ERR, and counts
      if [ "$1" = err ]; then echo ERR; elif [ "$1" = "$expect" ]; then echo yes; else echo NO; fi
    }
    tok=$(verdict "$tv")
    rok=$(verdict "$rv")
    case $tok in
      ERR) tsan_err=$((tsan_err + 1)) ;;
      NO) if [ "$expect" = clean ]; then tsan_fp=$((tsan_fp + 1)); else tsan_fn=$((tsan_fn + 1)); fi ;;
    esac
    case $rok in
      ERR) rl_err=$((rl_err + 1)) ;;
      NO) if [ "$expect" = clean ]; then rl_fp=$((rl_fp + 1)); else rl_fn=$((rl_fn + 1)); fi ;;
    esac
    printf '%-44s %-9s %-16s %-16s %-5s %-5s\n' "$name" "$expect($nexp)" "$tsan" "$rl" "$tok" "$rok"
  done
done

echo
echo "programs: $total ($n_clean clean, $n_racy racy), $opt"
if [ "$n_omp" -gt 0 ]; then
  if [ -n "$archer" ]; then echo "OpenMP programs: $n_omp, ThreadSanitizer with Archer ($archer)"
  else echo "OpenMP programs: $n_omp, ThreadSanitizer without Archer (no libarcher.so)"; fi
fi
printf '%-12s %28s %24s %20s\n' TOOL 'clean with false reports' 'racy programs missed' 'build errors/timeouts'
printf '%-12s %28s %24s %20s\n' ThreadSanitizer "$tsan_fp/$n_clean" "$tsan_fn/$n_racy" "$tsan_err"
printf '%-12s %28s %24s %20s\n' Racelight "$rl_fp/$n_clean" "$rl_fn/$n_racy" "$rl_err"
exit 0
