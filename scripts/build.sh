#!/usr/bin/env bash
# Configures and builds Racelight into build/ (or $RACELIGHT_BUILD_DIR), against LLVM 19.
#
# Other LLVM versions get a build tree each (docs/llvm-versions.md): for every N in
# $RACELIGHT_LLVM_VERSIONS (e.g. "14 22"; 19 is the default tree itself), build-N/ (or
# $RACELIGHT_BUILD_DIR-N) is configured with -DLLVM_DIR=/usr/lib/llvm-N/lib/cmake/llvm and
# the targets its tests need are built: the plugin, the runtime, the pass unit tests and the
# end-to-end runner. `cmake --build build-N` builds the rest (the racelight command, ...).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RACELIGHT_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"
for v in ${RACELIGHT_LLVM_VERSIONS:-}; do
  [ "$v" = 19 ] && continue
  echo "racelight: building $build-$v (LLVM $v)" >&2
  cmake -S "$root" -B "$build-$v" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLLVM_DIR="/usr/lib/llvm-$v/lib/cmake/llvm" >/dev/null
  cmake --build "$build-$v" -j"$(nproc)" --target RacelightPass racelight_rt \
    racelight-instrument-tests racelight_e2e_runner
done
