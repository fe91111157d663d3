#!/usr/bin/env bash
# The html format in a real browser. Runs the docs' example programs (every report kind:
# data races, deadlocks self/cycle/owner-exited/stall, a lock-order inversion, every
# mutex misuse; scripts/gen-doc-examples.py --run-only), renders their reports with
# `racelight report --format html`, loads the page in headless Chromium, takes a screenshot
# and checks the DOM the browser built:
#   - every report is there (one section and one summary row per fingerprint of
#     `racelight report --format json`), with one event card per event;
#   - each deadlock (self, cycle) and lock-order inversion has an SVG cycle with as many
#     edges as the report's cycle (counted here from the JSON: lock-acquired events of an
#     inversion, lock-wanted events of a deadlock), and each data race a timeline with its
#     two accesses and one mark per synchronization event of the report's `timeline`;
#   - each deadlock that is not a lock cycle (owner-exited, stall) has an SVG of the threads
#     and what they wait on: one node per thread the report names (waiters, joined threads,
#     lock owners), one wait edge per blocked thread's wait, the exited owner marked;
#   - the page loads nothing from elsewhere (no external script, style, image or font);
#   - the inline filter script runs: opened as report.html#kind=lock-order-inversion only
#     those reports stay visible.
# Skipped (exit 77) when chromium is not installed: scripts/install-deps.sh --browser.
#
# Environment: RACELIGHT_BUILD_DIR, RACELIGHT_SOURCE_DIR (set by ctest); RACELIGHT_CHROMIUM
# (the browser, default: chromium on PATH); RACELIGHT_SCREENSHOT_DIR: where the screenshots go (default: the build's tests/tools).
set -euo pipefail

build=${RACELIGHT_BUILD_DIR:?}
src=${RACELIGHT_SOURCE_DIR:?}
shots=${RACELIGHT_SCREENSHOT_DIR:-$build/tests/tools}

# RACELIGHT_CHROMIUM names the browser (default: chromium or chromium-browser on PATH).
browser=""
if [ -n "${RACELIGHT_CHROMIUM:-}" ]; then
  [ -x "$RACELIGHT_CHROMIUM" ] && browser=$RACELIGHT_CHROMIUM
else
  for b in chromium chromium-browser; do
    if command -v "$b" >/dev/null; then browser=$(command -v "$b"); break; fi
  done
fi
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (install it with: scripts/install-deps.sh --browser)"
  exit 77
fi
command -v python3 >/dev/null || { echo "FAIL: python3 is needed (scripts/install-deps.sh)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/runs" "$work/home" "$shots"

python3 "$src/scripts/gen-doc-examples.py" --run-only --out "$work/runs"
cat "$work"/runs/*.jsonl >"$work/all.jsonl"
"$build/bin/racelight" report --format json -o "$work/normalized.jsonl" "$work/all.jsonl"
"$build/bin/racelight" report --format html --source-root "$src" -o "$work/report.html" "$work/all.jsonl"

chrome() {
  # A fresh profile each time; no sandbox (CI runs as root); no network is needed.
  HOME="$work/home" timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
    --hide-scrollbars --no-first-run --user-data-dir="$work/profile" "$@" 2>>"$work/chrome.log"
}
chrome --window-size=1280,1600 --screenshot="$shots/html-report.png" "file://$work/report.html" >/dev/null
chrome --dump-dom "file://$work/report.html" >"$work/dom.html"
chrome --dump-dom "file://$work/report.html#kind=lock-order-inversion" >"$work/dom-filtered.html"
# The small screenshots the docs show (scripts/gen-doc-screenshots.sh): the summary and the
# lock-order inversion; a data race's timeline; a stall's threads and what they wait on.
chrome --window-size=1100,900 --screenshot="$shots/html-report-inversion.png" \
  "file://$work/report.html#kind=lock-order-inversion" >/dev/null
chrome --window-size=1000,640 --screenshot="$shots/html-report-race.png" \
  "file://$work/report.html#kind=data-race&file=trylock_while_held" >/dev/null
chrome --window-size=1000,620 --screenshot="$shots/html-report-stall.png" \
  "file://$work/report.html#kind=deadlock&file=join_sem_never_posted" >/dev/null

python3 - "$work" "$shots/html-report.png" <<'EOF'
import html.parser
import json
import struct
import sys

work, png = sys.argv[1], sys.argv[2]
problems = []


class Dom(html.parser.HTMLParser):
    """The sections, summary rows, SVG edges and marks, and external references."""

    def __init__(self):
        super().__init__()
        self.sections = []  # dicts
        self.rows = []
        self.external = []
        self.stack = []  # open sections / svgs

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        for key in ("src", "href"):
            v = a.get(key) or ""
            if v and not v.startswith("#"):
                self.external.append((tag, key, v))
        if tag == "link":
            self.external.append((tag, "link", a.get("href")))
        if tag == "section" and "report" in classes:
            self.sections.append({"fingerprint": a.get("data-fingerprint"), "kind": a.get("data-kind"),
                                  "hidden": "hidden" in classes, "edges": 0, "cycles": 0,
                                  "timelines": 0, "access_marks": 0, "events": 0,
                                  "sync_marks": 0, "waits": 0, "wait_threads": set(),
                                  "wait_edges": 0, "exited": set()})
        if tag == "tr" and a.get("data-report"):
            self.rows.append({"kind": a.get("data-kind"), "hidden": "hidden" in classes})
        if not self.sections:
            return
        s = self.sections[-1]
        if tag == "svg" and "cycle" in classes:
            s["cycles"] += 1
        if tag == "svg" and "timeline" in classes:
            s["timelines"] += 1
        if tag == "g" and "edge" in classes:
            s["edges"] += 1
        if tag == "g" and "mark" in classes and "access" in classes:
            s["access_marks"] += 1
        if tag == "g" and "mark" in classes and "sync" in classes:
            s["sync_marks"] += 1
        if tag == "svg" and "waits" in classes:
            s["waits"] += 1
        if tag == "g" and "wait-node" in classes and "thread" in classes:
            s["wait_threads"].add(int(a.get("data-thread")))
            if a.get("data-exited") == "true":
                s["exited"].add(int(a.get("data-thread")))
        if tag == "g" and "wait-edge" in classes and "wait" in classes:
            s["wait_edges"] += 1
        if tag == "div" and "event" in classes:
            s["events"] += 1


def parse(path):
    d = Dom()
    with open(path, encoding="utf-8") as f:
        d.feed(f.read())
    return d


expected = {}
with open(work + "/normalized.jsonl") as f:
    for line in f:
        r = json.loads(line)
        if r.get("suppressed"):
            continue
        roles = [e.get("role") for e in r["events"]]
        edges = 0
        if r["kind"] == "lock-order-inversion":
            edges = roles.count("lock-acquired")
        elif r["kind"] == "deadlock" and r.get("subkind") in ("self", "cycle"):
            edges = roles.count("lock-wanted")
        sync = sum(len(t.get("events", [])) for t in r.get("timeline", []))
        waits = None
        if r["kind"] == "deadlock" and r.get("subkind") in ("owner-exited", "stall"):
            threads = set()
            waits = {"threads": threads, "edges": 0, "exited": set()}
            for e in r["events"]:
                threads.add(e["thread"])
                if e["role"] in ("lock-wanted", "join", "cond-wait", "sem-wait", "barrier-wait"):
                    waits["edges"] += 1
                if "thread" in e.get("wait", {}):
                    threads.add(e["wait"]["thread"])
            if r.get("subkind") == "owner-exited":
                waits["exited"] = {e["thread"] for e in r["events"] if e["role"] == "lock-held"}
        expected[r["fingerprint"]] = {"kind": r["kind"], "subkind": r.get("subkind"), "edges": edges,
                                      "events": len(roles), "sync": sync, "waits": waits}

kinds = {e["kind"] for e in expected.values()}
for k in ("data-race", "deadlock", "lock-order-inversion", "mutex-misuse"):
    if k not in kinds:
        problems.append("the run has no %s report" % k)

dom = parse(work + "/dom.html")
if not dom.sections:
    problems.append("no report sections in the DOM (did the page load?)")
seen = {s["fingerprint"]: s for s in dom.sections}
if len(dom.sections) != len(expected) or set(seen) != set(expected):
    problems.append("sections %s != reports %s" % (sorted(seen), sorted(expected)))
if len(dom.rows) != len(expected):
    problems.append("%d summary rows for %d reports" % (len(dom.rows), len(expected)))
for fp, want in expected.items():
    s = seen.get(fp)
    if not s:
        continue
    if s["kind"] != want["kind"]:
        problems.append("%s: kind %s, want %s" % (fp, s["kind"], want["kind"]))
    if s["events"] != want["events"]:
        problems.append("%s: %d event cards for %d events" % (fp, s["events"], want["events"]))
    if want["edges"]:
        if s["cycles"] != 1 or s["edges"] != want["edges"]:
            problems.append("%s (%s): %d cycle graphs with %d edges, want 1 with %d" %
                            (fp, want["kind"], s["cycles"], s["edges"], want["edges"]))
    elif s["cycles"]:
        problems.append("%s (%s): unexpected cycle graph" % (fp, want["kind"]))
    if want["kind"] == "data-race" and (s["timelines"] != 1 or s["access_marks"] != 2):
        problems.append("%s: data race without a timeline of its two accesses" % fp)
    if want["kind"] == "data-race" and s["sync_marks"] != want["sync"]:
        problems.append("%s: %d synchronization marks in the timeline, the report has %d" %
                        (fp, s["sync_marks"], want["sync"]))
    w = want["waits"]
    if w is not None:
        if s["waits"] != 1:
            problems.append("%s (deadlock %s): %d wait graphs, want 1" % (fp, want["subkind"], s["waits"]))
        if s["wait_threads"] != w["threads"]:
            problems.append("%s (deadlock %s): thread nodes %s, want %s" %
                            (fp, want["subkind"], sorted(s["wait_threads"]), sorted(w["threads"])))
        if s["wait_edges"] != w["edges"]:
            problems.append("%s (deadlock %s): %d wait edges, want %d" %
                            (fp, want["subkind"], s["wait_edges"], w["edges"]))
        if s["exited"] != w["exited"]:
            problems.append("%s (deadlock %s): exited threads %s, want %s" %
                            (fp, want["subkind"], sorted(s["exited"]), sorted(w["exited"])))
    elif s["waits"]:
        problems.append("%s (%s): unexpected wait graph" % (fp, want["kind"]))
    if s["hidden"]:
        problems.append("%s: hidden without a filter" % fp)
if dom.external:
    problems.append("the page refers to other resources: %s" % dom.external[:5])
for sub in ("owner-exited", "stall"):
    if not [e for e in expected.values() if e["subkind"] == sub and e["kind"] == "deadlock"]:
        problems.append("the run has no deadlock %s report" % sub)
if not [e for e in expected.values() if e["kind"] == "data-race" and e["sync"]]:
    problems.append("no data race of the run has synchronization in its timeline")
cycles = sum(1 for s in dom.sections if s["cycles"])
print("%d reports, %d with a cycle graph (%s edges), %d timelines (%d synchronization marks), "
      "%d wait graphs (%s wait edges)" %
      (len(dom.sections), cycles, [s["edges"] for s in dom.sections if s["cycles"]],
       sum(s["timelines"] for s in dom.sections), sum(s["sync_marks"] for s in dom.sections),
       sum(s["waits"] for s in dom.sections), [s["wait_edges"] for s in dom.sections if s["waits"]]))

filtered = parse(work + "/dom-filtered.html")
visible = [s["kind"] for s in filtered.sections if not s["hidden"]]
want_visible = [e["kind"] for e in expected.values() if e["kind"] == "lock-order-inversion"]
if sorted(visible) != sorted(want_visible):
    problems.append("filter #kind=lock-order-inversion shows %s" % visible)
if [r for r in filtered.rows if not r["hidden"] and r["kind"] != "lock-order-inversion"]:
    problems.append("filter #kind=lock-order-inversion leaves other summary rows visible")

with open(png, "rb") as f:
    head = f.read(24)
if head[:8] != b"\x89PNG\r\n\x1a\n":
    problems.append("the screenshot is not a PNG")
else:
    width, height = struct.unpack(">II", head[16:24])
    if (width, height) != (1280, 1600):
        problems.append("screenshot is %dx%d, want 1280x1600" % (width, height))

for p in problems:
    print("FAIL: " + p)
sys.exit(1 if problems else 0)
EOF
echo "PASS (screenshots in $shots)"
