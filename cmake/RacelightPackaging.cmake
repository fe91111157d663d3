# Install layout, CMake package config, pkg-config file and CPack (DEB) settings.
# Included at the end of the top-level CMakeLists.txt, after every target is defined.
#
#   <prefix>/bin/racelight, racelight-cc, racelight-c++
#   <prefix>/lib/racelight/RacelightPass.so, libracelight_rt.a, racelight.dynlist
#   <prefix>/include/racelight/interface.h
#   <prefix>/lib/cmake/Racelight/RacelightConfig.cmake, RacelightConfigVersion.cmake
#   <prefix>/lib/pkgconfig/racelight.pc
#
# Everything is found relative to the file that looks for it (the wrappers and `racelight`
# relative to bin/, the package config and .pc relative to themselves), so the prefix is
# relocatable. The lib/ part is fixed ("lib", not CMAKE_INSTALL_LIBDIR), like
# RACELIGHT_LIB_SUBDIR, so the layout is the same in the build tree and every prefix.
include(CMakePackageConfigHelpers)

set(RACELIGHT_CMAKE_INSTALL_DIR lib/cmake/Racelight)
set(RACELIGHT_PKGCONFIG_INSTALL_DIR lib/pkgconfig)
set(RACELIGHT_LLVM_MAJOR ${LLVM_VERSION_MAJOR})
if(NOT RACELIGHT_HOMEPAGE)
  set(RACELIGHT_HOMEPAGE "https://github.com/racelight/racelight")
endif()

# The files themselves are installed where they are defined: instrument/ installs the
# plugin, runtime/ the runtime, racelight.dynlist and include/racelight/interface.h, tools/ the
# wrappers and `racelight`. This file adds what describes them to other build systems.

# --- CMake package config --------------------------------------------------------------
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/RacelightConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/RacelightConfig.cmake
  INSTALL_DESTINATION ${RACELIGHT_CMAKE_INSTALL_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/RacelightConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/cmake/RacelightConfig.cmake
  ${PROJECT_BINARY_DIR}/cmake/RacelightConfigVersion.cmake
  DESTINATION ${RACELIGHT_CMAKE_INSTALL_DIR})

# --- pkg-config ------------------------------------------------------------------------
configure_file(${CMAKE_CURRENT_LIST_DIR}/racelight.pc.in
  ${PROJECT_BINARY_DIR}/cmake/racelight.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/cmake/racelight.pc
  DESTINATION ${RACELIGHT_PKGCONFIG_INSTALL_DIR})

# --- CPack: `cpack -G DEB` (or TGZ) in the build directory ------------------------------
if(CMAKE_SOURCE_DIR STREQUAL PROJECT_SOURCE_DIR)
  # One package per LLVM version (racelight-llvm14, ..., racelight-llvm22): the plugin only
  # loads into the clang it was built for, so each package depends on exactly that clang.
  # They install the same paths and are mutually exclusive (each Provides, Conflicts with
  # and Replaces the virtual package "racelight"). See docs/llvm-versions.md.
  set(CPACK_PACKAGE_NAME racelight-llvm${RACELIGHT_LLVM_MAJOR})
  set(CPACK_PACKAGE_VENDOR "Racelight")
  set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
  set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Dynamic data-race and deadlock detector for C and C++ (clang ${RACELIGHT_LLVM_MAJOR})")
  set(CPACK_PACKAGE_DESCRIPTION
    "Racelight instruments C and C++ programs with an LLVM pass plugin and finds data races, \
deadlocks, lock-order inversions and mutex misuse while they run. This package holds the \
compiler wrappers racelight-cc and racelight-c++, the racelight command (reports, SARIF, \
JUnit, baselines), the pass plugin and the runtime library.")
  set(CPACK_PACKAGE_HOMEPAGE_URL ${RACELIGHT_HOMEPAGE})
  set(CPACK_PACKAGE_CONTACT "Racelight maintainers <racelight@localhost>")
  set(CPACK_GENERATOR DEB TGZ)
  set(CPACK_SOURCE_GENERATOR TGZ)
  set(CPACK_PACKAGE_FILE_NAME
    racelight-llvm${RACELIGHT_LLVM_MAJOR}-${PROJECT_VERSION}-${CMAKE_SYSTEM_PROCESSOR})
  set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
  set(CPACK_STRIP_FILES OFF)
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "clang-${RACELIGHT_LLVM_MAJOR}, libc6")
  set(CPACK_DEBIAN_PACKAGE_PROVIDES racelight)
  set(CPACK_DEBIAN_PACKAGE_CONFLICTS racelight)
  set(CPACK_DEBIAN_PACKAGE_REPLACES racelight)
  set(CPACK_DEBIAN_PACKAGE_SECTION devel)
  set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
  set(CPACK_SOURCE_IGNORE_FILES "/build[^/]*/;/\\\\.git/;/\\\\.cache/")
  include(CPack)
endif()
