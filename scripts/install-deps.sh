#!/usr/bin/env bash
# Installs, with apt, the Debian packages Racelight needs to build and test, when missing.
# Used by scripts/quickstart.sh and scripts/test.sh; safe to run again.
#   --browser   also install chromium, which only the HTML report's browser test needs
#               (tests/tools/html_browser_test.sh; it skips, saying so, without it)
#
#   scripts/install-deps.sh            what the default build (LLVM 19) needs
#   scripts/install-deps.sh 14 22      that, plus clang-14/llvm-14-dev and clang-22/llvm-22-dev
#   RACELIGHT_LLVM_VERSIONS="14 22" scripts/install-deps.sh      the same
#
# Extra LLVM versions (14, 15, 16, 19, 22: see docs/llvm-versions.md) are installed only when
# asked for: each is a clang and its LLVM development files (~1 GB).
set -euo pipefail

supported=" 14 15 16 19 22 "
packages=(cmake make g++ pkg-config file clang-19 llvm-19-dev libclang-rt-19-dev
          nlohmann-json3-dev libgtest-dev python3 libomp-19-dev)
versions=()
for arg in "$@"; do
  case "$arg" in
    --browser) packages+=(chromium) ;;
    [0-9]*) versions+=("$arg") ;;
    *) echo "install-deps.sh: unknown option '$arg' (known: --browser, LLVM versions)" >&2; exit 2 ;;
  esac
done

for v in "${versions[@]}" ${RACELIGHT_LLVM_VERSIONS:-}; do
  case $supported in
    *" $v "*) ;;
    *) echo "racelight: LLVM $v is not supported (supported:$supported)" >&2; exit 2 ;;
  esac
  # The plugin needs the LLVM headers and CMake package (llvm-N-dev) and the clang that
  # loads it (clang-N). No libclang-rt: the Racelight runtime is its own.
  packages+=("clang-$v" "llvm-$v-dev")
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
readarray -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

echo "racelight: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "racelight: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
