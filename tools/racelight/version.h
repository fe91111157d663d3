// Version and home page, set by CMake (tools/racelight/CMakeLists.txt).
#pragma once

#ifndef RACELIGHT_VERSION
#define RACELIGHT_VERSION "0.0.0"
#endif
#ifndef RACELIGHT_HOMEPAGE
#define RACELIGHT_HOMEPAGE "https://github.com/racelight/racelight"
#endif
