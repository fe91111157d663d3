#!/usr/bin/env bash
# Racelight benchmark: native vs ThreadSanitizer vs Racelight on the race-free programs in
# tests/perf/programs/.
#
#   tests/perf/run_bench.sh [BUILD_DIR]
#
# BUILD_DIR is a Racelight build tree (default: the repository's build/), from which
# BUILD_DIR/bin/racelight-c++ is used. Each program is built three ways in a temporary
# directory, run BENCH_REPEAT times per build, and one table of median wall time and median
# max RSS is printed on stdout (progress and diagnostics go to stderr). See README.md.
#
# Environment:
#   BENCH_REPEAT=N        runs per build (default 3); the median is reported
#   BENCH_SCALE=X         work scale passed to the programs (default 1; the smoke test uses 0.05)
#   BENCH_OUT=FILE        also write the table to FILE
#   BENCH_PROGRAMS="a b"  only these programs (names of programs/*.cpp without .cpp)
#   BENCH_VARIANTS="..."  subset of "native tsan racelight" (default: all three); columns of
#                         a variant left out show "-"
#   BENCH_TIMEOUT=S       kill a run after S seconds (default 300); counts as a failure
#   BENCH_KEEP=1          keep the temporary directory (binaries, outputs) and print its path
#   BENCH_STATS=1         no timing: build each program once with Racelight, collecting the
#                         pass's statistics (-save-stats) and counting checks at run time
#                         (-mllvm -racelight-count-checks), run it once, and print per program
#                         how many checks each elision rule removed, in the code and at run
#                         time, and how many checks ran
#   CLANGXX, CLANG        compilers for the native/TSan builds and the helper
#                         (default clang++-19 / clang-19, else /usr/lib/llvm-19/bin/clang++)
#
# Exit status: 0 when every build of every program built, ran, exited 0, printed the same
# checksum and (for the detectors) reported nothing; 1 otherwise; 2 on a usage error.
set -u -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/table.sh
. "$here/tools/table.sh"
# shellcheck source=tools/check_stats.sh
. "$here/tools/check_stats.sh"
repo=$(cd "$here/../.." && pwd)
build_dir=${1:-$repo/build}
if [ $# -gt 1 ]; then
  echo "usage: $0 [BUILD_DIR]" >&2
  exit 2
fi

repeat=${BENCH_REPEAT:-3}
timeout_s=${BENCH_TIMEOUT:-300}
variants=${BENCH_VARIANTS:-native tsan racelight}
case $repeat in '' | *[!0-9]* | 0) echo "run_bench: BENCH_REPEAT must be a positive integer" >&2; exit 2 ;; esac
case $timeout_s in '' | *[!0-9]* | 0) echo "run_bench: BENCH_TIMEOUT must be a positive integer" >&2; exit 2 ;; esac
for v in $variants; do
  case $v in native | tsan | racelight) ;; *) echo "run_bench: unknown variant '$v' in BENCH_VARIANTS" >&2; exit 2 ;; esac
done

if [ -n "${BENCH_PROGRAMS:-}" ]; then
  programs=$BENCH_PROGRAMS
else
  # The README's order first, then any program added since.
  programs="mutex_counter array_stream shared_read atomics matmul prodcons"
  for f in "$here"/programs/*.cpp; do
    p=$(basename "$f" .cpp)
    [[ " $programs " == *" $p "* ]] || programs+=" $p"
  done
fi
for p in $programs; do
  [ -f "$here/programs/$p.cpp" ] || { echo "run_bench: no program $here/programs/$p.cpp" >&2; exit 2; }
done

pick_compiler() {  # pick_compiler NAME-19 FALLBACK
  if command -v "$1" >/dev/null 2>&1; then command -v "$1"; else echo "$2"; fi
}
cxx=${CLANGXX:-$(pick_compiler clang++-19 /usr/lib/llvm-19/bin/clang++)}
cc=${CLANG:-$(pick_compiler clang-19 /usr/lib/llvm-19/bin/clang)}
rl_cxx=$build_dir/bin/racelight-c++

log() { echo "run_bench: $*" >&2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/racelight-bench.XXXXXX") || exit 1
if [ "${BENCH_KEEP:-0}" = 1 ]; then
  trap 'log "kept $tmp"' EXIT
else
  trap 'rm -rf "$tmp"' EXIT
fi

failures=()
fail() {  # fail PROGRAM VARIANT MESSAGE
  failures+=("$1 [$2]: $3")
  log "FAIL $1 [$2]: $3"
}

# Shows the first lines of a file on stderr, indented.
show() { sed -n "1,${2:-25}p" "$1" | sed 's/^/    | /' >&2; }

# --- the measuring helper: fork/exec + wait4, no GNU time needed ------------------------
benchrun=$tmp/benchrun
if ! "$cc" -O2 -o "$benchrun" "$here/tools/benchrun.c" 2>"$tmp/benchrun.log"; then
  log "cannot build the measuring helper tools/benchrun.c with $cc:"
  show "$tmp/benchrun.log"
  exit 1
fi

# Median of numbers given as arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR==0) exit; if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

cxxflags=(-std=c++17 -O2 -pthread)
compile() {  # compile VARIANT SRC OUT LOG
  local variant=$1 src=$2 out=$3
  case $variant in
    native) "$cxx" "${cxxflags[@]}" "$src" -o "$out" ;;
    tsan) "$cxx" "${cxxflags[@]}" -g -fsanitize=thread "$src" -o "$out" ;;
    racelight) "$rl_cxx" "${cxxflags[@]}" "$src" -o "$out" ;;
  esac
}

# --- BENCH_STATS=1: checks per elision rule instead of times -----------------------------------
if [ "${BENCH_STATS:-0}" = 1 ]; then
  if [ ! -x "$rl_cxx" ]; then
    log "$rl_cxx not found or not executable (build Racelight first, or pass BUILD_DIR)"
    exit 1
  fi
  log "$(date -u '+%Y-%m-%d %H:%M:%S UTC'); statistics mode; scale=${BENCH_SCALE:-1}; Racelight: $rl_cxx"
  echo "Racelight checks per elision rule: static = the pass's statistics (-save-stats); executed = counted by the program (-mllvm -racelight-count-checks), summed over its threads; one run, BENCH_SCALE=${BENCH_SCALE:-1}" |
    tee "${BENCH_OUT:-/dev/null}"
  for p in $programs; do
    d=$tmp/$p.stats
    mkdir -p "$d"
    # Compile and link separately: -save-stats=obj writes d/p.stats next to the object.
    # shellcheck disable=SC2046  # word splitting of the flags wanted
    if ! { "$rl_cxx" "${cxxflags[@]}" $(check_stats_cflags obj) -c "$here/programs/$p.cpp" -o "$d/$p.o" &&
           "$rl_cxx" "${cxxflags[@]}" "$d/$p.o" -o "$d/$p"; } >"$d/build.log" 2>&1; then
      fail "$p" racelight-stats "build failed"
      show "$d/build.log"
      continue
    fi
    if ! m=$(env "RACELIGHT_OPTIONS=${RACELIGHT_OPTIONS:+$RACELIGHT_OPTIONS }report_path=$d/reports.jsonl check_counts_path=$d/counts.txt" \
             BENCHRUN_TIMEOUT="$timeout_s" "$benchrun" "$d/out" "$d/err" "$d/$p"); then
      fail "$p" racelight-stats "could not be run"
      continue
    fi
    read -r secs kb status <<<"$m"
    if [ "$status" != 0 ] || [ -s "$d/reports.jsonl" ]; then
      fail "$p" racelight-stats "exit status $status, $(wc -l <"$d/reports.jsonl" 2>/dev/null || echo 0) report(s)"
      show "$d/err"
      continue
    fi
    sum_static_stats "$d" >"$d/static"
    sum_check_counts "$d/counts.txt" >"$d/executed"
    log "$p: ran in ${secs}s"
    {
      echo
      echo "$p"
      echo
      check_stats_table "$d/static" "$d/executed"
    } | tee -a "${BENCH_OUT:-/dev/null}"
  done
  if [ ${#failures[@]} -gt 0 ]; then
    log "${#failures[@]} failure(s):"
    printf '  %s\n' "${failures[@]}" >&2
    exit 1
  fi
  exit 0
fi

declare -A time_s rss_kb cell_state   # key: program/variant
if [[ " $variants " == *" racelight "* ]] && [ ! -x "$rl_cxx" ]; then
  fail all racelight "$rl_cxx not found or not executable (build Racelight first, or pass BUILD_DIR)"
  for p in $programs; do cell_state[$p/racelight]="not built"; done
fi
declare -A checksum_of                 # key: program/variant

log "$(date -u '+%Y-%m-%d %H:%M:%S UTC'); $(nproc) cores; repeat=$repeat; scale=${BENCH_SCALE:-1}"
log "native/TSan: $cxx ($("$cxx" --version | head -n1)); Racelight: $rl_cxx"

for p in $programs; do
  src=$here/programs/$p.cpp
  built=()
  for v in $variants; do
    [ -z "${cell_state[$p/$v]:-}" ] || continue
    bin=$tmp/$p.$v
    if compile "$v" "$src" "$bin" >"$tmp/$p.$v.build.log" 2>&1; then
      built+=("$v")
    else
      fail "$p" "$v" "build failed"
      show "$tmp/$p.$v.build.log"
      cell_state[$p/$v]="build failed"
    fi
  done

  declare -A times=() rsses=()
  for ((r = 1; r <= repeat; r++)); do
    # Interleave the builds within each repetition, so that drift in the machine's load
    # affects all of them alike.
    for v in "${built[@]}"; do
      [ -z "${cell_state[$p/$v]:-}" ] || continue   # already failed
      bin=$tmp/$p.$v
      out=$tmp/$p.$v.$r.out err=$tmp/$p.$v.$r.err report=$tmp/$p.$v.$r.jsonl
      env_extra=()
      [ "$v" = racelight ] && [ -z "${RACELIGHT_OPTIONS:-}" ] &&
        env_extra=("RACELIGHT_OPTIONS=report_path=$report")
      if ! m=$(env "${env_extra[@]}" BENCHRUN_TIMEOUT="$timeout_s" "$benchrun" "$out" "$err" "$bin"); then
        fail "$p" "$v" "could not be run"
        cell_state[$p/$v]="run failed"
        continue
      fi
      read -r secs kb status <<<"$m"
      line=$(cat "$out")
      reported=0
      if [ "$v" != native ]; then
        [ -s "$err" ] && reported=1
        [ -s "$report" ] && reported=1
      fi
      if [ "$status" = 124 ]; then
        fail "$p" "$v" "timed out after ${timeout_s}s"
        cell_state[$p/$v]="timeout"
      elif [ "$reported" = 1 ]; then
        fail "$p" "$v" "the detector reported something (exit status $status) on a race-free program"
        [ -s "$err" ] && show "$err" 30
        [ -s "$report" ] && show "$report" 5
        cell_state[$p/$v]="REPORTED"
      elif [ "$status" != 0 ]; then
        fail "$p" "$v" "exit status $status"
        show "$out"
        show "$err"
        cell_state[$p/$v]="exit $status"
      elif [ -s "$err" ]; then
        fail "$p" "$v" "unexpected output on stderr"
        show "$err"
        cell_state[$p/$v]="stderr"
      elif ! [[ $line =~ ^checksum\ $p\ [0-9a-f]{16}$ ]]; then
        fail "$p" "$v" "no checksum line in its output"
        show "$out"
        cell_state[$p/$v]="no checksum"
      else
        sum=${line##* }
        if [ -z "${checksum_of[$p/$v]:-}" ]; then
          checksum_of[$p/$v]=$sum
        elif [ "${checksum_of[$p/$v]}" != "$sum" ]; then
          fail "$p" "$v" "checksum changed between runs: ${checksum_of[$p/$v]} then $sum"
          cell_state[$p/$v]="unstable"
          continue
        fi
        times[$v]="${times[$v]:-} $secs"
        rsses[$v]="${rsses[$v]:-} $kb"
      fi
    done
  done

  # Every build that ran must agree with every other.
  ref="" refv=""
  for v in "${built[@]}"; do
    [ -z "${cell_state[$p/$v]:-}" ] || continue
    if [ -z "$ref" ]; then
      ref=${checksum_of[$p/$v]} refv=$v
    elif [ "${checksum_of[$p/$v]}" != "$ref" ]; then
      fail "$p" "$v" "checksum ${checksum_of[$p/$v]} differs from $refv's $ref"
      cell_state[$p/$v]="mismatch"
    fi
  done

  summary=""
  for v in "${built[@]}"; do
    [ -z "${cell_state[$p/$v]:-}" ] || continue
    # shellcheck disable=SC2086  # word splitting wanted
    time_s[$p/$v]=$(median ${times[$v]})
    # shellcheck disable=SC2086
    rss_kb[$p/$v]=$(median ${rsses[$v]})
    summary+=" $v ${time_s[$p/$v]}s $((${rss_kb[$p/$v]%.*} / 1024))MB;"
  done
  log "$p:${summary:- nothing measured} checksum ${ref:-?}"
  unset times rsses
done

# --- the table ---------------------------------------------------------------------------
enabled() { [[ " $variants " == *" $1 "* ]]; }

# value P V: median seconds, or empty.
value_t() { echo "${time_s[$1/$2]:-}"; }
value_mb() { [ -n "${rss_kb[$1/$2]:-}" ] && awk -v k="${rss_kb[$1/$2]}" 'BEGIN {printf "%.1f", k / 1024}'; }
# What to print instead of a missing value.
missing() {
  if ! enabled "$2"; then echo "-"; else echo "${cell_state[$1/$2]:-n/a}"; fi
}

rows=()   # lines of '|'-separated cells, before alignment
rows+=("program|native s|TSan s (x native)|Racelight s (x native)|Racelight/TSan time|native MB|TSan MB|Racelight MB|Racelight/TSan memory")

# Per-column lists of numbers, for the geometric means.
declare -A gm
gm_add() { [ -n "$2" ] && gm[$1]="${gm[$1]:-} $2"; return 0; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b}'; }
fmt_t() { awk -v t="$1" 'BEGIN {printf "%.3f", t}'; }

n_complete=0 n_programs=0
for p in $programs; do
  n_programs=$((n_programs + 1))
  nt=$(value_t "$p" native) tt=$(value_t "$p" tsan) rt=$(value_t "$p" racelight)
  nm=$(value_mb "$p" native) tm=$(value_mb "$p" tsan) rm=$(value_mb "$p" racelight)
  t_x=$(ratio "$tt" "$nt") r_x=$(ratio "$rt" "$nt") r_t=$(ratio "$rt" "$tt") r_m=$(ratio "$rm" "$tm")
  # Geometric means are taken over the programs for which every enabled build was measured,
  # so that all columns average the same programs.
  complete=1
  for v in $variants; do [ -n "${time_s[$p/$v]:-}" ] || complete=0; done
  if [ "$complete" = 1 ]; then
    n_complete=$((n_complete + 1))
    gm_add nt "$nt"; gm_add tt "$tt"; gm_add rt "$rt"; gm_add t_x "$t_x"; gm_add r_x "$r_x"
    gm_add r_t "$r_t"; gm_add nm "$nm"; gm_add tm "$tm"; gm_add rm "$rm"; gm_add r_m "$r_m"
  fi

  c_nt=${nt:+$(fmt_t "$nt")}; c_nt=${c_nt:-$(missing "$p" native)}
  if [ -n "$tt" ]; then c_tt="$(fmt_t "$tt")${t_x:+ (${t_x}x)}"; else c_tt=$(missing "$p" tsan); fi
  if [ -n "$rt" ]; then c_rt="$(fmt_t "$rt")${r_x:+ (${r_x}x)}"; else c_rt=$(missing "$p" racelight); fi
  rows+=("$p|$c_nt|$c_tt|$c_rt|${r_t:--}|${nm:-$(missing "$p" native)}|${tm:-$(missing "$p" tsan)}|${rm:-$(missing "$p" racelight)}|${r_m:--}")
done

rows+=("$(geomean_row %.3f "$n_complete" "$n_programs")")

# Align as a Markdown table: readable in a terminal, and pastes into a document as is.
table=$(printf '%s\n' "${rows[@]}" | markdown_table)

header="Racelight benchmark: median of $repeat run(s), BENCH_SCALE=${BENCH_SCALE:-1}, $(nproc) cores; times in seconds (wall), memory = max RSS in MB"
{
  echo "$header"
  echo
  echo "$table"
} | tee "${BENCH_OUT:-/dev/null}"

if [ ${#failures[@]} -gt 0 ]; then
  echo >&2
  log "${#failures[@]} failure(s):"
  printf '  %s\n' "${failures[@]}" >&2
  exit 1
fi
exit 0
