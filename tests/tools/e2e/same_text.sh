#!/usr/bin/env bash
# One text renderer: the text an instrumented program prints on stderr and the text
# `racelight report` prints from the same run's JSON Lines are the same, report by report
# (the tool adds only a fingerprint line per report and a closing count). Uses the docs'
# example programs (scripts/gen-doc-examples.py --run-only: every report kind).
#
# Environment: RACELIGHT_BUILD_DIR, RACELIGHT_SOURCE_DIR (set by ctest).
set -euo pipefail
build=${RACELIGHT_BUILD_DIR:?}
src=${RACELIGHT_SOURCE_DIR:?}
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/install-deps.sh)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$src/scripts/gen-doc-examples.py" --run-only --out "$work"
python3 - "$work" "$build/bin/racelight" "$src" <<'PY'
import glob, os, re, subprocess, sys
work, racelight, src = sys.argv[1:]
block = re.compile(r"^==================\n.*?^==================\n", re.M | re.S)
failures = 0
checked = 0
for jsonl in sorted(glob.glob(os.path.join(work, "*.jsonl"))):
    name = os.path.basename(jsonl)[:-len(".jsonl")]
    with open(os.path.join(work, name + ".txt")) as f:
        runtime = block.findall(f.read())
    tool = subprocess.run([racelight, "report", "--color=never", "--source-root", src, jsonl],
                          cwd=src, stdout=subprocess.PIPE, check=True).stdout.decode()
    tool = re.sub(r"^  fingerprint [0-9a-f]+\n", "", tool, flags=re.M)
    tool = block.findall(tool)
    if not runtime:
        print("FAIL: %s: no report on stderr" % name)
        failures += 1
    elif runtime != tool:
        print("FAIL: %s: the runtime's text and racelight report's differ:\n--- runtime\n%s"
              "--- racelight report\n%s" % (name, "".join(runtime), "".join(tool)))
        failures += 1
    checked += len(runtime)
print("%d reports of %d programs compared" % (checked, len(glob.glob(work + "/*.jsonl"))))
sys.exit(1 if failures else 0)
PY
echo PASS
