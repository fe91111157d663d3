#!/usr/bin/env bash
# A data race report's "timeline" (docs/report-format.md) from a real run: each thread's
# synchronization in order, with its kinds, sites, locks, the counted atomics and where each
# event is relative to the thread's access (programs/race_timeline.c says what it does).
#
# Environment: RACELIGHT_BUILD_DIR, RACELIGHT_SOURCE_DIR (set by ctest).
set -euo pipefail
build=${RACELIGHT_BUILD_DIR:?}
src=${RACELIGHT_SOURCE_DIR:?}
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/install-deps.sh)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prog=$src/tests/tools/e2e/programs/race_timeline.c
"$build/bin/racelight-cc" -O1 -g -pthread "$prog" -o "$work/race_timeline"
status=0
RACELIGHT_OPTIONS="report_path=$work/r.jsonl" "$work/race_timeline" >/dev/null 2>"$work/stderr" || status=$?
[ "$status" = 66 ] || { echo "FAIL: exit status $status, want 66"; cat "$work/stderr"; exit 1; }
python3 - "$work/r.jsonl" "$prog" <<'PY'
import json, re, sys
reports = [json.loads(l) for l in open(sys.argv[1])]
lines = {}
for n, text in enumerate(open(sys.argv[2]), 1):
    for m in re.findall(r"@(\w+)", text):
        lines[m] = n
problems = []
races = [r for r in reports if r["kind"] == "data-race"]
if len(races) != 1:
    sys.exit("FAIL: %d data races, want 1: %s" % (len(races), reports))
r = races[0]
tl = {t["role"]: t for t in r.get("timeline", [])}
if set(tl) != {"current-access", "previous-access"}:
    sys.exit("FAIL: timeline roles %s" % sorted(tl))
cur, prev = tl["current-access"], tl["previous-access"]
threads = {e["role"]: e["thread"] for e in r["events"]}
for t in (cur, prev):
    if t["thread"] != threads[t["role"]]:
        problems.append("%s: thread %s, the event says %s" % (t["role"], t["thread"], threads[t["role"]]))
    if not t["kept"] or t["earlier"] != 0:
        problems.append("%s: kept=%s earlier=%s, want the whole history" % (t["role"], t["kept"], t["earlier"]))

def summary(t):
    return [(e["kind"], e["order"], e.get("site", {}).get("line")) for e in t["events"]]

want_main = [("lock", "before", lines["MAIN_LOCK"]), ("cond-wait", "before", lines["MAIN_WAIT"]),
             ("unlock", "before", lines["MAIN_UNLOCK"]), ("create", "before", lines["MAIN_CREATE"])]
want_t1 = [("lock", "before", lines["T1_LOCK"]), ("unlock", "before", lines["T1_UNLOCK"]),
           ("cond-signal", "before", lines["T1_SIGNAL"]), ("sem-post", "before", lines["T1_POST"]),
           ("atomic-release", "before", lines["T1_RELEASE"]),
           ("lock", "same-epoch", lines["T1_LOCK2"]), ("unlock", "after", lines["T1_UNLOCK2"])]
if summary(cur) != want_main:
    problems.append("main's timeline %s, want %s" % (summary(cur), want_main))
if summary(prev) != want_t1:
    problems.append("T1's timeline %s, want %s" % (summary(prev), want_t1))
if not problems:
    lock, wait, unlock, create = cur["events"]
    if wait.get("lock", {}).get("id") != lock["lock"]["id"] or unlock["lock"]["id"] != lock["lock"]["id"]:
        problems.append("main's cond-wait and unlock do not name the mutex it locked: %s" % cur["events"])
    if create.get("thread") != prev["thread"]:
        problems.append("main's create names thread %s, want %s" % (create.get("thread"), prev["thread"]))
    ev = prev["events"]
    if len({e["lock"]["id"] for e in ev if e["kind"] in ("lock", "unlock")}) != 1:
        problems.append("T1's locks and unlocks name different locks: %s" % ev)
    if ev[0]["lock"]["id"] == lock["lock"]["id"]:
        problems.append("M1 and M2 have the same id")
    if ev[0]["lock"]["type"] != "mutex":
        problems.append("T1's lock type %s" % ev[0]["lock"]["type"])
    if ev[4].get("count") != 5:
        problems.append("the five release stores: count %s, want 5" % ev[4].get("count"))
    if ev[5]["epoch"] != prev["access_epoch"] or not ev[6]["epoch"] > prev["access_epoch"]:
        problems.append("T1's epochs around its access %s: %s" % (prev["access_epoch"], ev))
    epochs = [e["epoch"] for e in ev]
    if epochs != sorted(epochs):
        problems.append("T1's epochs are not in order: %s" % epochs)
for p in problems:
    print("FAIL: " + p)
if problems:
    sys.exit(1)
print("PASS: main %d events, T1 %d events" % (len(cur["events"]), len(prev["events"])))
PY
