#!/bin/bash
# cpack -G DEB, check the package's metadata and contents, unpack it with dpkg-deb -x into
# a temporary root, and build programs from it.
. "$(dirname "$0")/common.sh"
. "$(dirname "$0")/install_checks.sh"
probe_wrappers
command -v dpkg-deb >/dev/null || skip "dpkg-deb is not installed"
[ -r "$B/CPackConfig.cmake" ] || fail "no $B/CPackConfig.cmake (include(CPack) missing?)"
step "cpack -G DEB"
run_logged "$WORK/cpack.log" "$CPACK" -G DEB --config "$B/CPackConfig.cmake" -B "$WORK/pkg"
deb=$(ls "$WORK"/pkg/*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || { cat "$WORK/cpack.log"; fail "cpack made no .deb"; }
echo "   $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
echo "   Depends: $depends"
llvm=${RACELIGHT_LLVM_MAJOR:-19}
case $depends in *clang-$llvm*) ;; *) fail "Depends lacks clang-$llvm: $depends" ;; esac
case $depends in *libc6*) ;; *) fail "Depends lacks libc6: $depends" ;; esac
# One package per LLVM version, each providing (and conflicting with) "racelight".
[ "$(dpkg-deb -f "$deb" Package)" = "racelight-llvm$llvm" ] || fail "package name: $(dpkg-deb -f "$deb" Package)"
case $(basename "$deb") in racelight-llvm${llvm}_*) ;; *) fail "file name: $(basename "$deb")" ;; esac
for field in Provides Conflicts Replaces; do
  [ "$(dpkg-deb -f "$deb" $field)" = racelight ] || fail "$field: $(dpkg-deb -f "$deb" $field)"
done
dpkg-deb -c "$deb" >"$WORK/contents"
for f in ./usr/bin/racelight ./usr/bin/racelight-cc ./usr/lib/racelight/RacelightPass.so \
  ./usr/lib/cmake/Racelight/RacelightConfig.cmake ./usr/lib/pkgconfig/racelight.pc; do
  grep -qF " $f" "$WORK/contents" || { cat "$WORK/contents"; fail "the package lacks $f"; }
done
step "dpkg-deb -x into $WORK/root"
dpkg-deb -x "$deb" "$WORK/root" || fail "dpkg-deb -x failed"
check_layout "$WORK/root/usr"
check_prefix "$WORK/root/usr"
echo PASS
