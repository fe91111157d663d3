#!/usr/bin/env bash
# Installs what is missing, builds Racelight, and runs the whole test suite (unit,
# end-to-end, tools) with ctest on all cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${RACELIGHT_BUILD_DIR:-$root/build}
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure --timeout 300
