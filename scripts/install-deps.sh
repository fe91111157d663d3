#!/usr/bin/env bash
# Installs, with apt, the Debian packages Racelight needs to build and test, when missing.
# Used by scripts/quickstart.sh and scripts/test.sh; safe to run again.
#   --browser   also install chromium, which only the HTML report's browser test needs
#               (tests/tools/html_browser_test.sh; it skips, saying so, without it)
set -euo pipefail

packages=(cmake make g++ pkg-config file clang-19 llvm-19-dev libclang-rt-19-dev
          nlohmann-json3-dev libgtest-dev python3 libomp-19-dev)
for arg in "$@"; do
  case "$arg" in
    --browser) packages+=(chromium) ;;
    *) echo "install-deps.sh: unknown option '$arg' (known: --browser)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "racelight: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "racelight: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
