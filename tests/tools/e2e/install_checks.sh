# Checks of an installed prefix, shared by install_prefix.sh and install_deb.sh (sourced
# after common.sh).

# check_layout PREFIX: every file of the install layout is there.
check_layout() {
  local p=$1 f
  for f in bin/racelight bin/racelight-cc bin/racelight-c++ \
    lib/racelight/RacelightPass.so lib/racelight/libracelight_rt.a \
    lib/racelight/racelight.dynlist include/racelight/interface.h \
    lib/cmake/Racelight/RacelightConfig.cmake lib/cmake/Racelight/RacelightConfigVersion.cmake \
    lib/pkgconfig/racelight.pc; do
    [ -e "$p/$f" ] || fail "missing $p/$f"
  done
  for f in bin/racelight bin/racelight-cc bin/racelight-c++; do
    [ -x "$p/$f" ] || fail "$p/$f is not executable"
  done
  # Nothing of the build tree leaks into the installed files.
  if grep -rlF "$B" "$p/bin/racelight-cc" "$p/lib/cmake" "$p/lib/pkgconfig" >/dev/null 2>&1; then
    fail "installed files name the build directory $B"
  fi
  echo "   layout of $p: complete"
}

# check_prefix PREFIX: the installed tools find their files in PREFIX and build programs
# that report races: wrappers, find_package(Racelight), pkg-config.
check_prefix() {
  local p=$1
  local rl=$p/bin/racelight
  [ "$("$rl" --plugin-path)" = "$p/lib/racelight/RacelightPass.so" ] ||
    fail "racelight --plugin-path from $p says $("$rl" --plugin-path)"
  [ "$("$rl" --runtime-path)" = "$p/lib/racelight/libracelight_rt.a" ] || fail "--runtime-path"
  "$rl" --version | grep -q '^racelight ' || fail "--version"

  step "installed wrappers ($p/bin/racelight-cc) with CMake"
  probe_wrappers "$p/bin"
  local build=$WORK/wrappers-build
  rm -rf "$build"
  run_logged "$WORK/configure.log" env CC="$p/bin/racelight-cc" CXX="$p/bin/racelight-c++" \
    "$CMAKE" -S "$PROJECT" -B "$build"
  run_logged "$WORK/build.log" "$CMAKE" --build "$build"
  check_project_binaries "$rl" "$build"

  step "find_package(Racelight) with plain clang"
  build=$WORK/package-build
  rm -rf "$build"
  run_logged "$WORK/configure.log" "$CMAKE" -S "$PROJECT" -B "$build" -DUSE_RACELIGHT_PACKAGE=ON \
    -DCMAKE_PREFIX_PATH="$p" -DCMAKE_C_COMPILER="$RACELIGHT_CLANG" \
    -DCMAKE_CXX_COMPILER="$RACELIGHT_CLANGXX"
  grep -q "Warning" "$WORK/configure.log" && { cat "$WORK/configure.log"; fail "configure warned"; }
  run_logged "$WORK/build.log" "$CMAKE" --build "$build" --verbose
  grep -qF -- "-fpass-plugin=$p/lib/racelight/RacelightPass.so" "$WORK/build.log" ||
    fail "the build does not use $p/lib/racelight/RacelightPass.so"
  check_project_binaries "$rl" "$build"

  step "pkg-config racelight"
  if ! command -v pkg-config >/dev/null; then
    echo "   pkg-config not installed: skipped"
    return 0
  fi
  export PKG_CONFIG_PATH=$p/lib/pkgconfig
  pkg-config --exists racelight || fail "pkg-config does not find racelight in $p/lib/pkgconfig"
  [ "$(pkg-config --modversion racelight)" = "$("$rl" --version | cut -d' ' -f2)" ] ||
    fail "pkg-config version differs from racelight --version"
  local cflags libs
  cflags=$(pkg-config --cflags racelight)
  libs=$(pkg-config --libs racelight)
  echo "   cflags: $cflags"
  echo "   libs:   $libs"
  local o=$WORK/pc
  mkdir -p "$o"
  (cd "$PROJECT" &&
    "$RACELIGHT_CLANG" $cflags -O1 -c worker.c -o "$o/worker.o" &&
    "$RACELIGHT_CLANG" $cflags -O1 -c main.c -o "$o/main.o" &&
    "$RACELIGHT_CLANG" "$o/main.o" "$o/worker.o" -o "$o/counter" $libs &&
    "$RACELIGHT_CLANGXX" $cflags -O1 racy.cc -o "$o/racy_cxx" $libs) >"$WORK/pc.log" 2>&1 ||
    { cat "$WORK/pc.log"; fail "building with pkg-config flags failed"; }
  expect_race "$rl" worker.c:9 "$o/counter"
  expect_race "$rl" racy.cc:7 "$o/racy_cxx"
  unset PKG_CONFIG_PATH
}
