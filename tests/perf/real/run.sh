#!/usr/bin/env bash
# Racelight real-program benchmark: native vs ThreadSanitizer vs Racelight on multithreaded
# Debian programs, each built with its own build system.
#
#   tests/perf/real/run.sh [--quick] [--stats] [BUILD_DIR]
#
# BUILD_DIR is a Racelight build tree (default: the repository's build/), whose
# bin/racelight-cc and bin/racelight-c++ build the Racelight variant. For every program the
# script downloads the pinned Debian source package (apt-get source, with an apt
# configuration of its own under the cache directory: the machine's apt sources are never
# read or changed), builds it three ways (native, -fsanitize=thread, Racelight), runs a
# fixed workload REALBENCH_REPEAT times per variant (the variants interleaved within a
# repetition), checks that the outputs agree, and prints one Markdown table of median wall
# time and median peak RSS, with the number of reports of each detector. The last line is
#
#   geomean racelight/tsan time X.XXx memory Y.YYx over N programs
#
# Progress and diagnostics go to stderr; stdout has only the table. See ../README.md.
#
# Options:
#   --quick               1 repetition and smaller inputs (unless REALBENCH_REPEAT is set)
#   --stats               no timing: build a Racelight variant of each program that collects
#                         the pass's statistics (-save-stats) and counts checks at run time
#                         (-mllvm -racelight-count-checks), run the workload once, and print
#                         per program how many checks each elision rule removed, in the code
#                         and at run time, and how many checks ran (the native, TSan and
#                         Racelight builds are neither used nor changed)
#
# Environment:
#   REALBENCH_CACHE=DIR   downloads, sources, builds and inputs
#                         (default ${XDG_CACHE_HOME:-$HOME/.cache}/racelight-realbench)
#   REALBENCH_REPEAT=N    runs per variant (default 3, 1 with --quick); the median is reported
#   REALBENCH_PROGRAMS    space-separated subset of: zstd leveldb xz pbzip2 pigz
#                         (default: "zstd leveldb xz pbzip2"; see the README about pigz)
#   REALBENCH_TIMEOUT=S   kill one process of a workload after S seconds (default 1800)
#   REALBENCH_JOBS=N      parallel build jobs (default 2)
#   REALBENCH_OUT=FILE    also write the table to FILE
#   REALBENCH_KEEP=1      keep the temporary work directory (outputs, stderr of every run)
#   REALBENCH_NO_INSTALL=1  do not apt-get install missing packages; fail instead
#   CLANG, CLANGXX        compilers of the native and TSan builds (default clang-19, clang++-19)
#
# Exit status: 0 when every program was downloaded, built three ways, ran and gave the same
# outputs in every variant; 1 otherwise (the table is still printed); 2 on a usage error.
# Reports of the detectors do not fail the run: they are counted in the table.
set -u -o pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
perf=$(cd "$here/.." && pwd)
# shellcheck source=../tools/table.sh
. "$perf/tools/table.sh"
# shellcheck source=../tools/check_stats.sh
. "$perf/tools/check_stats.sh"
repo=$(cd "$here/../../.." && pwd)

usage() { echo "usage: $0 [--quick] [--stats] [BUILD_DIR]" >&2; exit 2; }
quick=0
stats=0
build_arg=""
for a in "$@"; do
  case $a in
    --quick) quick=1 ;;
    --stats) stats=1 ;;
    -h | --help) sed -n '2,44p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) usage ;;
    *) [ -z "$build_arg" ] || usage; build_arg=$a ;;
  esac
done
build_dir=${build_arg:-$repo/build}
build_dir=$(cd "$build_dir" 2>/dev/null && pwd) || { echo "run.sh: no directory $build_arg" >&2; exit 2; }

if [ "$quick" = 1 ]; then repeat=${REALBENCH_REPEAT:-1}; else repeat=${REALBENCH_REPEAT:-3}; fi
timeout_s=${REALBENCH_TIMEOUT:-1800}
jobs=${REALBENCH_JOBS:-2}
programs=${REALBENCH_PROGRAMS:-zstd leveldb xz pbzip2}
cache=${REALBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/racelight-realbench}
variants="native tsan racelight"
if [ "$stats" = 1 ]; then variants="racelight-stats" repeat=1; fi
for n in "$repeat" "$timeout_s" "$jobs"; do
  case $n in '' | *[!0-9]* | 0) echo "run.sh: REALBENCH_REPEAT, REALBENCH_TIMEOUT and REALBENCH_JOBS must be positive integers" >&2; exit 2 ;; esac
done

# --- the programs: Debian source package, pinned version (what bookworm serves) -----------
declare -A src_pkg=([zstd]=libzstd [leveldb]=leveldb [xz]=xz-utils [pbzip2]=pbzip2 [pigz]=pigz)
declare -A src_ver=([zstd]=1.5.4+dfsg2-5 [leveldb]=1.23-4 [xz]=5.4.1-1+deb12u1 [pbzip2]=1.1.13-1
                     [pigz]=2.6-1)
# Debian packages needed to build each program (besides clang and make).
declare -A build_deps=([zstd]="cmake" [leveldb]="cmake libsnappy-dev libgtest-dev libgmock-dev"
                       [xz]="" [pbzip2]="libbz2-dev" [pigz]="zlib1g-dev")
for p in $programs; do
  [ -n "${src_pkg[$p]:-}" ] || { echo "run.sh: unknown program '$p' (known: ${!src_pkg[*]})" >&2; exit 2; }
done

# Workload sizes.
if [ "$quick" = 1 ]; then
  zstd_mb=20 leveldb_num=20000 xz_mb=8 pbzip2_mb=8 pigz_small_kb=256 pigz_big_mb=16
else
  zstd_mb=100 leveldb_num=100000 xz_mb=24 pbzip2_mb=32 pigz_small_kb=1024 pigz_big_mb=64
fi

log() { echo "realbench: $*" >&2; }
show() { sed -n "1,${2:-20}p" "$1" | sed 's/^/    | /' >&2; }   # first lines of a file, indented

failures=()
declare -A cell_state   # program/variant -> why there is no number
fail() {  # fail PROGRAM VARIANT CELL MESSAGE
  failures+=("$1 [$2]: $4")
  [ -n "${cell_state[$1/$2]:-}" ] || cell_state[$1/$2]=$3
  log "FAIL $1 [$2]: $4"
}

pick() { if command -v "$1" >/dev/null 2>&1; then command -v "$1"; else echo "$2"; fi; }
cc=${CLANG:-$(pick clang-19 /usr/lib/llvm-19/bin/clang)}
cxx=${CLANGXX:-$(pick clang++-19 /usr/lib/llvm-19/bin/clang++)}
rl_cc=$build_dir/bin/racelight-cc
rl_cxx=$build_dir/bin/racelight-c++

mkdir -p "$cache" || exit 1
cache=$(cd "$cache" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/racelight-realbench.XXXXXX") || exit 1
if [ "${REALBENCH_KEEP:-0}" = 1 ]; then
  trap 'log "kept $tmp"' EXIT
else
  trap 'rm -rf "$tmp"' EXIT
fi

log "$(date -u '+%Y-%m-%d %H:%M:%S UTC'); $(nproc) cores; repeat=$repeat; quick=$quick; programs: $programs"
log "cache: $cache; work: $tmp; Racelight: $build_dir"

# --- 1. packages this script needs ------------------------------------------------------
need=(dpkg-dev make clang-19 libclang-rt-19-dev)
for p in $programs; do
  # shellcheck disable=SC2206  # word splitting wanted
  need+=(${build_deps[$p]})
done
missing=()
for pkg in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  # Deduplicate.
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "${REALBENCH_NO_INSTALL:-0}" = 1 ]; then
    log "missing packages (REALBENCH_NO_INSTALL=1): ${missing[*]}"
    exit 1
  fi
  log "installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to install: ${missing[*]}"; exit 1; }
    sudo=sudo
  fi
  # The machine's own apt configuration installs the packages; it is not changed.
  if ! { DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
       >"$tmp/apt-install.log" 2>&1; then
    log "apt-get install failed:"
    show "$tmp/apt-install.log" 30
    exit 1
  fi
fi

# --- helpers, built once into the cache ----------------------------------------------
tools=$cache/tools
mkdir -p "$tools"
build_tool() {  # build_tool NAME SRC
  if [ ! -x "$tools/$1" ] || [ "$2" -nt "$tools/$1" ]; then
    "$cc" -O2 -o "$tools/$1.new" "$2" 2>"$tmp/$1.log" && mv "$tools/$1.new" "$tools/$1" ||
      { log "cannot build $2:"; show "$tmp/$1.log"; exit 1; }
  fi
}
build_tool benchrun "$perf/tools/benchrun.c"
build_tool gen_input "$here/gen_input.c"
benchrun=$tools/benchrun

# --- 2. sources: apt-get source with an apt configuration of our own ----------------------
aptdir=$cache/apt
mkdir -p "$aptdir/parts" "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
# deb-src equivalents of the machine's deb.debian.org entries (bookworm, its updates and its
# security suite, component main).
cat >"$aptdir/sources.list.new" <<'EOF'
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
EOF
mv "$aptdir/sources.list.new" "$aptdir/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$aptdir/sources.list" -o "Dir::Etc::SourceParts=$aptdir/parts"
          -o "Dir::State::Lists=$aptdir/lists" -o "Dir::Cache=$aptdir/cache")
apt_updated=0
apt_update() {
  [ "$apt_updated" = 1 ] && return 0
  log "apt-get update (own lists in $aptdir/lists)"
  apt-get "${apt_opts[@]}" update >"$tmp/apt-update.log" 2>&1 || { show "$tmp/apt-update.log"; return 1; }
  apt_updated=1
}

declare -A src_dir   # program -> extracted source tree
fetch_source() {  # fetch_source PROGRAM
  local p=$1 pkg=${src_pkg[$1]} ver=${src_ver[$1]}
  local dest=$cache/src/${pkg}_$ver
  if [ -f "$dest/.done" ]; then
    src_dir[$p]=$(cat "$dest/.done")
    [ -d "${src_dir[$p]}" ] && return 0
  fi
  rm -rf "$dest" && mkdir -p "$dest" || return 1
  if ! ls "$aptdir/lists/"*Sources* >/dev/null 2>&1; then apt_update || return 1; fi
  # A stale list may not know the pinned version yet.
  local known
  known=$(apt-cache "${apt_opts[@]}" showsrc "$pkg" 2>/dev/null)
  if ! grep -qx "Version: $ver" <<<"$known"; then
    apt_update || return 1
  fi
  log "$p: apt-get source $pkg=$ver"
  if ! (cd "$dest" && apt-get "${apt_opts[@]}" source "$pkg=$ver") >"$dest/apt-source.log" 2>&1; then
    log "$p: apt-get source $pkg=$ver failed:"
    grep -E '^(E|W): ' "$dest/apt-source.log" | sed 's/^/    | /' >&2
    return 1
  fi
  local d
  d=$(find "$dest" -mindepth 1 -maxdepth 1 -type d | head -n1)
  [ -n "$d" ] || { log "$p: no source tree after apt-get source"; return 1; }
  echo "$d" >"$dest/.done"
  src_dir[$p]=$d
}

# --- 3. builds ----------------------------------------------------------------------------
# Flags of each variant. TSan's are given to the compiler and to the linker.
variant_env() {  # variant_env VARIANT -> sets v_cc v_cxx v_cflags v_ldflags
  case $1 in
    native) v_cc=$cc v_cxx=$cxx v_cflags="-O2 -g" v_ldflags="" ;;
    tsan) v_cc=$cc v_cxx=$cxx v_cflags="-O2 -g -fsanitize=thread" v_ldflags="-fsanitize=thread" ;;
    racelight) v_cc=$rl_cc v_cxx=$rl_cxx v_cflags="-O2 -g" v_ldflags="" ;;
    # pbzip2's Makefile compiles and links in one step, where -save-stats=obj saves nothing.
    racelight-stats)
      v_cc=$rl_cc v_cxx=$rl_cxx v_ldflags=""
      v_cflags="-O2 -g $(check_stats_cflags "$([ "${stats_program:-}" = pbzip2 ] && echo cwd || echo obj)")" ;;
  esac
}

# What a build depends on besides the sources: compilers, flags and, for Racelight, the
# plugin and runtime. A change rebuilds that variant.
build_key() {  # build_key PROGRAM VARIANT
  stats_program=$1
  variant_env "$2"
  {
    echo "$1 ${src_ver[$1]} $2 $v_cc $v_cxx $v_cflags | $v_ldflags"
    "$v_cc" --version 2>/dev/null | head -n1
    declare -f "build_$1"   # the recipe
    if [ "$2" = racelight ] || [ "$2" = racelight-stats ]; then
      cat "$rl_cc" "$rl_cxx" "$build_dir"/lib/racelight/* 2>/dev/null | sha1sum
    fi
  } | sha1sum | cut -c1-40
}

# The build recipes: each uses the program's own build system, run in BDIR.
# Output: the path of the built binary, in the file BDIR/.binary.
build_zstd() {  # upstream CMake (build/cmake), as Debian builds it
  local src=$1 bdir=$2
  cmake -S "$src/build/cmake" -B "$bdir" -G "Unix Makefiles" \
    -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$v_cc" -DCMAKE_CXX_COMPILER="$v_cxx" \
    -DCMAKE_C_FLAGS="$v_cflags" -DCMAKE_CXX_FLAGS="$v_cflags" \
    -DCMAKE_EXE_LINKER_FLAGS="$v_ldflags" -DCMAKE_SHARED_LINKER_FLAGS="$v_ldflags" \
    -DZSTD_BUILD_PROGRAMS=ON -DZSTD_BUILD_SHARED=OFF -DZSTD_BUILD_STATIC=ON \
    -DZSTD_BUILD_TESTS=OFF -DZSTD_BUILD_CONTRIB=OFF -DZSTD_LEGACY_SUPPORT=OFF \
    -DZSTD_MULTITHREAD_SUPPORT=ON -DZSTD_PROGRAMS_LINK_SHARED=OFF \
    -DZSTD_ZLIB_SUPPORT=OFF -DZSTD_LZMA_SUPPORT=OFF -DZSTD_LZ4_SUPPORT=OFF &&
    cmake --build "$bdir" -j"$jobs" --target zstd &&
    echo "$bdir/programs/zstd" >"$bdir/.binary"
}
build_leveldb() {  # upstream CMake; db_bench needs a static libleveldb
  local src=$1 bdir=$2
  # The library checks are answered in advance so that every variant is configured alike:
  # snappy (installed here, as Debian builds it), no crc32c, and never tcmalloc (which would
  # replace the sanitizers' allocators).
  cmake -S "$src" -B "$bdir" -G "Unix Makefiles" \
    -DCMAKE_BUILD_TYPE=None -DCMAKE_C_COMPILER="$v_cc" -DCMAKE_CXX_COMPILER="$v_cxx" \
    -DCMAKE_C_FLAGS="$v_cflags" -DCMAKE_CXX_FLAGS="$v_cflags" \
    -DCMAKE_EXE_LINKER_FLAGS="$v_ldflags" -DCMAKE_SHARED_LINKER_FLAGS="$v_ldflags" \
    -DBUILD_SHARED_LIBS=OFF -DLEVELDB_BUILD_TESTS=OFF -DLEVELDB_BUILD_BENCHMARKS=ON \
    -DLEVELDB_INSTALL=OFF -DHAVE_SNAPPY=ON -DHAVE_CRC32C=OFF -DHAVE_TCMALLOC=OFF &&
    cmake --build "$bdir" -j"$jobs" --target db_bench &&
    echo "$bdir/db_bench" >"$bdir/.binary"
}
build_xz() {  # upstream autotools (the release tarball's configure), out of tree
  local src=$1 bdir=$2
  # Static liblzma, so that the xz executable runs the instrumented library.
  (cd "$bdir" && "$src/configure" CC="$v_cc" CFLAGS="$v_cflags" LDFLAGS="$v_ldflags" \
     --disable-shared --enable-static --enable-threads=posix --disable-nls --disable-doc \
     --disable-scripts --disable-xzdec --disable-lzmadec --disable-lzmainfo \
     --disable-lzma-links) &&
    make -C "$bdir" -j"$jobs" &&
    echo "$bdir/src/xz/xz" >"$bdir/.binary"
}
build_pbzip2() {  # upstream Makefile, which builds in the source tree: on a copy
  local src=$1 bdir=$2
  # The Makefile appends its own flags to CXXFLAGS (+=), so they come from the environment.
  # pbzip2 is C++98 code ("%"PRIuMAX): clang rejects that in C++11 and later unless the
  # warning, an error by default, is turned off (GCC, which Debian uses, only warns).
  cp -a "$src/." "$bdir/" &&
    CXXFLAGS="$v_cflags -Wno-reserved-user-defined-literal" LDFLAGS="$v_ldflags" make -C "$bdir" -j"$jobs" CXX="$v_cxx" pbzip2 &&
    echo "$bdir/pbzip2" >"$bdir/.binary"
}
build_pigz() {  # upstream Makefile, which builds in the source tree: on a copy
  local src=$1 bdir=$2
  cp -a "$src/." "$bdir/" &&
    make -C "$bdir" -j"$jobs" CC="$v_cc" CFLAGS="$v_cflags -Wall -Wextra -Wno-unknown-pragmas" \
      LDFLAGS="$v_ldflags" pigz &&
    echo "$bdir/pigz" >"$bdir/.binary"
}

declare -A binary   # program/variant -> executable
build_variant() {  # build_variant PROGRAM VARIANT
  local p=$1 v=$2 key bdir=$cache/build/$1/$2
  if [ "${v%-stats}" = racelight ] && { [ ! -x "$rl_cc" ] || [ ! -x "$rl_cxx" ]; }; then
    fail "$p" "$v" "not built" "$rl_cc or $rl_cxx is missing (build Racelight first, or pass BUILD_DIR)"
    return 1
  fi
  key=$(build_key "$p" "$v")
  if [ -f "$bdir/.key" ] && [ "$(cat "$bdir/.key")" = "$key" ] && [ -f "$bdir/.binary" ] &&
     [ -x "$(cat "$bdir/.binary")" ]; then
    binary[$p/$v]=$(cat "$bdir/.binary")
    return 0
  fi
  log "$p: building $v in $bdir"
  rm -rf "$bdir" && mkdir -p "$bdir" || return 1
  stats_program=$p
  variant_env "$v"
  local start=$SECONDS
  if "build_$p" "${src_dir[$p]}" "$bdir" >"$bdir.log" 2>&1 && [ -x "$(cat "$bdir/.binary")" ]; then
    echo "$key" >"$bdir/.key"
    binary[$p/$v]=$(cat "$bdir/.binary")
    log "$p: $v built in $((SECONDS - start)) s"
  else
    fail "$p" "$v" "build failed" "build failed (log: $bdir.log)"
    grep -E -i -m 12 'error|undefined reference|failed' "$bdir.log" | sed 's/^/    | /' >&2
    return 1
  fi
}

# --- inputs ---------------------------------------------------------------------------------
inputs=$cache/inputs
mkdir -p "$inputs"
input_file() {  # input_file BYTES SEED -> path (generated once, cached)
  local f=$inputs/input-$1-$2.txt
  if [ ! -s "$f" ]; then
    "$tools/gen_input" "$1" "$2" >"$f.new" && mv "$f.new" "$f" || { rm -f "$f.new"; return 1; }
  fi
  echo "$f"
}

# --- 4. running ---------------------------------------------------------------------------
# A workload is a few processes run one after the other. Each is measured with benchrun;
# the workload's time is the sum of their times and its memory the largest of their peaks.
# run_step VARIANT STDOUT STDERR PROGRAM ARGS... ; adds to w_time/w_rss, sets w_status.
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR==0) exit; if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
run_step() {
  local v=$1 out=$2 err=$3 m secs kb status
  shift 3
  local env_extra=()
  case $v in
    tsan) env_extra=("TSAN_OPTIONS=${TSAN_OPTIONS:+$TSAN_OPTIONS }halt_on_error=0 exitcode=0") ;;
    racelight) env_extra=("RACELIGHT_OPTIONS=${RACELIGHT_OPTIONS:+$RACELIGHT_OPTIONS }report_path=$w_report exitcode=0") ;;
    racelight-stats) env_extra=("RACELIGHT_OPTIONS=${RACELIGHT_OPTIONS:+$RACELIGHT_OPTIONS }report_path=$w_report exitcode=0 check_counts_path=$w_counts") ;;
  esac
  if ! m=$(env "${env_extra[@]}" BENCHRUN_TIMEOUT="$timeout_s" "$benchrun" "$out" "$err" "$@"); then
    w_status="could not run"
    return 1
  fi
  read -r secs kb status <<<"$m"
  w_time=$(awk -v a="$w_time" -v b="$secs" 'BEGIN {printf "%.3f", a + b}')
  [ "$kb" -gt "$w_rss" ] && w_rss=$kb
  # Reports on stderr (TSan), counted per step and added up.
  local n
  n=$(grep -c '^WARNING: ThreadSanitizer:' "$err")
  w_tsan_reports=$((w_tsan_reports + n))
  cat "$err" >>"$w_stderr"
  case $status in
    0) return 0 ;;
    124) w_status="timeout" ;;
    *) w_status="exit $status" ;;
  esac
  return 1
}

# Each workload: run_workload_P VARIANT BIN DIR; DIR is empty and private to this run.
# Sets w_check (what must be equal between the variants) and w_status (empty when fine).
run_workload_zstd() {
  local v=$1 bin=$2 d=$3
  run_step "$v" "$d/c.out" "$d/c.err" "$bin" -T2 -9 -q -f "$zstd_in" -o "$d/in.zst" || return
  run_step "$v" "$d/d.out" "$d/d.err" "$bin" -d -q -f "$d/in.zst" -o "$d/in.dec" || return
  cmp -s "$zstd_in" "$d/in.dec" || { w_status="bad decompression"; return; }
  w_check="zst sha256 $(sha256sum <"$d/in.zst" | cut -c1-16)"
}
run_workload_leveldb() {
  local v=$1 bin=$2 d=$3 b missing=""
  run_step "$v" "$d/out" "$d/err" "$bin" --threads=2 --num="$leveldb_num" \
    --benchmarks=fillrandom,readrandom,readwhilewriting --db="$d/db" || return
  for b in fillrandom readrandom readwhilewriting; do
    grep -Eq "^$b +: .*micros/op" "$d/out" || missing+=" $b"
  done
  [ -z "$missing" ] || { w_status="incomplete:$missing"; return; }
  # db_bench's own per-benchmark figures, for the progress log.
  w_note="[$(grep -Eo '^[a-z]+ +: +[0-9.]+ micros/op' "$d/out" | tr -s ' ' | paste -sd, -)]"
  # readrandom after fillrandom finds a deterministic number of keys.
  w_check="readrandom $(grep -Eo '^readrandom .*\(([0-9]+) of ([0-9]+) found\)' "$d/out" | grep -Eo '\([0-9]+ of [0-9]+ found\)')"
}
run_workload_xz() {
  local v=$1 bin=$2 d=$3
  # 4 MiB blocks, so that both threads have work when compressing and when decompressing.
  run_step "$v" "$d/in.xz" "$d/c.err" "$bin" -T2 -3 --block-size=4MiB -c "$xz_in" || return
  run_step "$v" "$d/in.dec" "$d/d.err" "$bin" -T2 -d -c "$d/in.xz" || return
  cmp -s "$xz_in" "$d/in.dec" || { w_status="bad decompression"; return; }
  w_check="xz sha256 $(sha256sum <"$d/in.xz" | cut -c1-16)"
}
run_workload_pbzip2() {
  local v=$1 bin=$2 d=$3
  run_step "$v" "$d/in.bz2" "$d/c.err" "$bin" -p2 -9 -c "$pbzip2_in" || return
  run_step "$v" "$d/in.dec" "$d/d.err" "$bin" -p2 -d -c "$d/in.bz2" || return
  cmp -s "$pbzip2_in" "$d/in.dec" || { w_status="bad decompression"; return; }
  w_check="bz2 sha256 $(sha256sum <"$d/in.bz2" | cut -c1-16)"
}
run_workload_pigz() {
  local v=$1 bin=$2 d=$3
  run_step "$v" "$d/small.gz" "$d/c1.err" "$bin" -p 2 -11 -c "$pigz_small" || return
  run_step "$v" "$d/big.gz" "$d/c2.err" "$bin" -p 2 -6 -c "$pigz_big" || return
  run_step "$v" "$d/small.dec" "$d/d1.err" "$bin" -d -c "$d/small.gz" || return
  run_step "$v" "$d/big.dec" "$d/d2.err" "$bin" -d -c "$d/big.gz" || return
  cmp -s "$pigz_small" "$d/small.dec" && cmp -s "$pigz_big" "$d/big.dec" ||
    { w_status="bad decompression"; return; }
  w_check="gz sha256 $(cat "$d/small.gz" "$d/big.gz" | sha256sum | cut -c1-16)"
}

declare -A time_s rss_kb tsan_reports rl_reports first_report stats_done
for p in $programs; do
  log "=== $p (Debian ${src_pkg[$p]} ${src_ver[$p]})"
  if ! fetch_source "$p"; then
    for v in $variants; do fail "$p" "$v" "no source" "could not download ${src_pkg[$p]}=${src_ver[$p]}"; done
    continue
  fi
  built=()
  for v in $variants; do
    build_variant "$p" "$v" && built+=("$v")
  done
  [ ${#built[@]} -gt 0 ] || continue

  case $p in
    zstd) zstd_in=$(input_file $((zstd_mb * 1048576)) 1) ;;
    xz) xz_in=$(input_file $((xz_mb * 1048576)) 5) ;;
    pbzip2) pbzip2_in=$(input_file $((pbzip2_mb * 1048576)) 2) ;;
    pigz) pigz_small=$(input_file $((pigz_small_kb * 1024)) 3) && pigz_big=$(input_file $((pigz_big_mb * 1048576)) 4) ;;
  esac || { for v in "${built[@]}"; do fail "$p" "$v" "no input" "could not generate the input"; done; continue; }

  declare -A times=() rsses=() check_of=()
  for ((r = 1; r <= repeat; r++)); do
    # Interleave the variants within each repetition, so that drift in the machine's load
    # affects all of them alike.
    for v in "${built[@]}"; do
      [ -z "${cell_state[$p/$v]:-}" ] || continue   # already failed
      d=$tmp/$p.$v.$r
      mkdir -p "$d"
      w_time=0 w_rss=0 w_status="" w_check="" w_note="" w_tsan_reports=0
      w_report=$d/racelight.jsonl w_stderr=$d/stderr.all w_counts=$d/check-counts.txt
      : >"$w_stderr"
      "run_workload_$p" "$v" "${binary[$p/$v]}" "$d"
      nrl=0
      [ -f "$w_report" ] && nrl=$(wc -l <"$w_report")
      # Counts: the largest over the repetitions.
      case $v in
        tsan) [ "$w_tsan_reports" -ge "${tsan_reports[$p]:-0}" ] && tsan_reports[$p]=$w_tsan_reports
              [ "$w_tsan_reports" -gt 0 ] && [ -z "${first_report[$p/tsan]:-}" ] &&
                first_report[$p/tsan]=$(grep -m1 -A 14 '^WARNING: ThreadSanitizer:' "$w_stderr") ;;
        racelight | racelight-stats) [ "$nrl" -ge "${rl_reports[$p]:-0}" ] && rl_reports[$p]=$nrl
              [ "$nrl" -gt 0 ] && [ -z "${first_report[$p/racelight]:-}" ] &&
                first_report[$p/racelight]=$(grep -m1 -A 14 '^racelight: ' "$w_stderr") ;;
      esac
      log "$p [$v] run $r: ${w_time}s $((w_rss / 1024))MB ${w_status:-ok} ${w_check:+($w_check)}${w_note:+ $w_note}" \
        "$([ "$v" = tsan ] && echo "tsan reports $w_tsan_reports")$([ "$v" = racelight ] && echo "racelight reports $nrl")"
      if [ -n "$w_status" ]; then
        fail "$p" "$v" "$w_status" "run $r: $w_status"
        show "$w_stderr" 15
        continue
      fi
      if [ -z "${check_of[$v]:-}" ]; then
        check_of[$v]=$w_check
      elif [ "${check_of[$v]}" != "$w_check" ]; then
        fail "$p" "$v" "unstable" "output changed between runs: ${check_of[$v]} then $w_check"
        continue
      fi
      times[$v]="${times[$v]:-} $w_time"
      rsses[$v]="${rsses[$v]:-} $w_rss"
      if [ "$v" = racelight-stats ]; then
        sum_static_stats "$cache/build/$p/$v" >"$tmp/$p.static-stats"
        sum_check_counts "$w_counts" >"$tmp/$p.check-counts"
        if [ ! -s "$tmp/$p.static-stats" ] || [ ! -s "$tmp/$p.check-counts" ]; then
          fail "$p" "$v" "no statistics" "no pass statistics or no check counts (build log: $cache/build/$p/$v.log)"
          continue
        fi
        stats_done[$p]=1
      fi
    done
    [ "${REALBENCH_KEEP:-0}" = 1 ] || rm -rf "$tmp/$p".*".$r"/in.* "$tmp/$p".*".$r"/*.gz "$tmp/$p".*".$r"/*.dec "$tmp/$p".*".$r"/db
  done

  # 5. Every variant's output must agree with every other's.
  ref="" refv=""
  for v in "${built[@]}"; do
    [ -z "${cell_state[$p/$v]:-}" ] || continue
    if [ -z "$ref" ]; then
      ref=${check_of[$v]} refv=$v
    elif [ "${check_of[$v]}" != "$ref" ]; then
      fail "$p" "$v" "mismatch" "output '${check_of[$v]}' differs from $refv's '$ref'"
    fi
  done
  for v in "${built[@]}"; do
    [ -z "${cell_state[$p/$v]:-}" ] || continue
    # shellcheck disable=SC2086  # word splitting wanted
    time_s[$p/$v]=$(median ${times[$v]})
    # shellcheck disable=SC2086
    rss_kb[$p/$v]=$(median ${rsses[$v]})
  done
  unset times rsses check_of
done

# --- --stats: one table per program instead of the timing table ---------------------------------
if [ "$stats" = 1 ]; then
  {
    if [ "$quick" = 1 ]; then size="quick inputs"; else size="full inputs"; fi
    echo "Racelight checks per elision rule: static = the pass's statistics summed over the objects of the build (-save-stats); executed = counted by the program (-mllvm -racelight-count-checks), summed over the threads and processes of one run of the workload ($size)"
    for p in $programs; do
      echo
      if [ -z "${stats_done[$p]:-}" ]; then
        echo "$p ${src_ver[$p]}: ${cell_state[$p/racelight-stats]:-n/a}"
        continue
      fi
      echo "$p ${src_ver[$p]} (Racelight reports: ${rl_reports[$p]:-0})"
      echo
      check_stats_table "$tmp/$p.static-stats" "$tmp/$p.check-counts"
    done
  } | tee "${REALBENCH_OUT:-/dev/null}"
  if [ ${#failures[@]} -gt 0 ]; then
    log "${#failures[@]} failure(s):"
    printf '  %s\n' "${failures[@]}" >&2
    exit 1
  fi
  exit 0
fi

# --- 6/7. the table ---------------------------------------------------------------------------
value_t() { echo "${time_s[$1/$2]:-}"; }
value_mb() { [ -n "${rss_kb[$1/$2]:-}" ] && awk -v k="${rss_kb[$1/$2]}" 'BEGIN {printf "%.1f", k / 1024}'; }
missing_cell() { echo "${cell_state[$1/$2]:-n/a}"; }
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b}'; }
fmt_t() { awk -v t="$1" 'BEGIN {printf "%.2f", t}'; }

rows=("program|native s|TSan s (x native)|Racelight s (x native)|Racelight/TSan time|native MB|TSan MB|Racelight MB|Racelight/TSan memory|TSan reports|Racelight reports")
declare -A gm
gm_add() { [ -n "$2" ] && gm[$1]="${gm[$1]:-} $2"; return 0; }
n_complete=0 n_programs=0
for p in $programs; do
  n_programs=$((n_programs + 1))
  nt=$(value_t "$p" native) tt=$(value_t "$p" tsan) rt=$(value_t "$p" racelight)
  nm=$(value_mb "$p" native) tm=$(value_mb "$p" tsan) rm=$(value_mb "$p" racelight)
  t_x=$(ratio "$tt" "$nt") r_x=$(ratio "$rt" "$nt") r_t=$(ratio "$rt" "$tt") r_m=$(ratio "$rm" "$tm")
  # The geometric means are over the programs for which all three variants were measured.
  if [ -n "$nt" ] && [ -n "$tt" ] && [ -n "$rt" ]; then
    n_complete=$((n_complete + 1))
    gm_add nt "$nt"; gm_add tt "$tt"; gm_add rt "$rt"; gm_add t_x "$t_x"; gm_add r_x "$r_x"
    gm_add r_t "$r_t"; gm_add nm "$nm"; gm_add tm "$tm"; gm_add rm "$rm"; gm_add r_m "$r_m"
  fi
  c_nt=${nt:+$(fmt_t "$nt")}; c_nt=${c_nt:-$(missing_cell "$p" native)}
  if [ -n "$tt" ]; then c_tt="$(fmt_t "$tt")${t_x:+ (${t_x}x)}"; else c_tt=$(missing_cell "$p" tsan); fi
  if [ -n "$rt" ]; then c_rt="$(fmt_t "$rt")${r_x:+ (${r_x}x)}"; else c_rt=$(missing_cell "$p" racelight); fi
  c_tr=${tsan_reports[$p]:--}; [ -n "$tt" ] || [ -n "${tsan_reports[$p]:-}" ] || c_tr=-
  c_rr=${rl_reports[$p]:--}
  rows+=("$p ${src_ver[$p]}|$c_nt|$c_tt|$c_rt|${r_t:--}|${nm:-$(missing_cell "$p" native)}|${tm:-$(missing_cell "$p" tsan)}|${rm:-$(missing_cell "$p" racelight)}|${r_m:--}|$c_tr|$c_rr")
done

rows+=("$(geomean_row %.2f "$n_complete" "$n_programs")|-|-")

table=$(printf '%s\n' "${rows[@]}" | markdown_table)

# Reports, for the record (stderr).
for p in $programs; do
  for v in tsan racelight; do
    if [ -n "${first_report[$p/$v]:-}" ]; then
      log "$p [$v]: first report:"
      printf '%s\n' "${first_report[$p/$v]}" | sed 's/^/    | /' >&2
    fi
  done
done

if [ "$quick" = 1 ]; then size="quick inputs"; else size="full inputs"; fi
g_rt_ratio=$(geomean r_t %.2f) g_rm_ratio=$(geomean r_m %.2f)
{
  echo "Racelight real-program benchmark: median of $repeat run(s), $size, $(nproc) cores; times in seconds (wall, sum of the workload's processes), memory = max RSS in MB (largest process); reports = most in one run"
  echo
  echo "$table"
  echo
  printf 'geomean racelight/tsan time %sx memory %sx over %d programs\n' \
    "${g_rt_ratio:-n/a}" "${g_rm_ratio:-n/a}" "$n_complete"
} | tee "${REALBENCH_OUT:-/dev/null}"

if [ ${#failures[@]} -gt 0 ]; then
  log "${#failures[@]} failure(s):"
  printf '  %s\n' "${failures[@]}" >&2
  exit 1
fi
exit 0
