#!/bin/bash
# cmake --install into a temporary prefix, move the prefix (it is relocatable), and build
# programs from it with the wrappers, find_package(Racelight) and pkg-config.
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/install_checks.sh"
probe_wrappers
step "cmake --install $B --prefix $WORK/prefix"
run_logged "$WORK/install.log" "$CMAKE" --install "$B" --prefix "$WORK/prefix"
check_layout "$WORK/prefix"
step "move the prefix to $WORK/moved/prefix"
mkdir -p "$WORK/moved"
mv "$WORK/prefix" "$WORK/moved/prefix"
check_prefix "$WORK/moved/prefix"
echo PASS
