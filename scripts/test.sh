#!/usr/bin/env bash
# Installs what is missing, builds Racelight, and runs the whole test suite (unit,
# end-to-end, tools, perf smoke) with ctest on all cores. Tests listed in
# tests/known-gaps.txt (known detector gaps, each tied to an open issue) are excluded and
# named in the output. No retries: a test that fails once fails the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# --browser: chromium too, for the HTML report's browser test (tools_html_browser), which
# skips without it.
"$root/scripts/install-deps.sh" --browser
"$root/scripts/build.sh"
build=${RACELIGHT_BUILD_DIR:-$root/build}
gaps=$(grep -v '^#' "$root/tests/known-gaps.txt" | grep -v '^$' | sed 's/\./\\./g; s/.*/^&$/' | paste -sd'|' || true)
if [ -n "$gaps" ]; then
  echo "racelight: excluding known gaps (tests/known-gaps.txt):" >&2
  grep -v '^#' "$root/tests/known-gaps.txt" | grep -v '^$' | sed 's/^/  /' >&2
  exec ctest --test-dir "$build" -j"$(nproc)" --output-on-failure --timeout 600 -E "$gaps"
fi
exec ctest --test-dir "$build" -j"$(nproc)" --output-on-failure --timeout 600
