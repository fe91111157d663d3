#!/usr/bin/env bash
# Regenerates the screenshots of the HTML report in docs/images from the browser test
# (tests/tools/e2e/html_browser.sh: the docs' example programs, rendered with `racelight
# report --format html`, in headless Chromium), as 8-bit palette PNGs (scripts/png-palette.py)
# so they stay small.
#
#   scripts/gen-doc-screenshots.sh        (RACELIGHT_BUILD_DIR: the build, default build/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${RACELIGHT_BUILD_DIR:-$root/build}
shots=$(mktemp -d)
trap 'rm -rf "$shots"' EXIT
RACELIGHT_BUILD_DIR=$build RACELIGHT_SOURCE_DIR=$root RACELIGHT_SCREENSHOT_DIR=$shots \
  bash "$root/tests/tools/e2e/html_browser.sh"
# docs name -> the test's screenshot
python3 "$root/scripts/png-palette.py" \
  "$shots/html-report-inversion.png" "$root/docs/images/html-report.png" \
  "$shots/html-report-race.png" "$root/docs/images/html-report-race.png" \
  "$shots/html-report-stall.png" "$root/docs/images/html-report-stall.png"
ls -l "$root"/docs/images/*.png
