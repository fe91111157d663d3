#!/usr/bin/env python3
"""Regenerates the example output in the docs from real runs, so it cannot go stale.

A marker line in a Markdown file names a test program; the fenced blocks right after it are
replaced by what the current build prints for that program:

  <!-- example: tests/e2e/locks/release_unlocked.c -->
      then a ```text block: the runtime's terminal text (stderr), and, when a ```json block
      follows, the JSON Lines report(s) of the same run
  <!-- example-report: tests/e2e/core/lost_update.cpp -->
      then a ```text block: `racelight report` of the run's JSON Lines

Programs are compiled with build/bin/racelight-cc or racelight-c++ (-O1 -g, the program's
RACELIGHT-FLAGS), from the repository root with relative paths, and run there (with its
RACELIGHT-OPTIONS), so frames name `tests/e2e/...` and source lines are quoted.

  scripts/gen-doc-examples.py            rewrite the docs in place
  scripts/gen-doc-examples.py --check    exit 1 (with a diff) when the docs differ from a
                                         fresh run; values that change from run to run
                                         (addresses, thread and process numbers) are masked
  --out DIR                              also keep the programs' .jsonl and .txt in DIR
  --run-only --out DIR                   only build and run the programs into DIR (the HTML
                                         report's browser test uses their reports: every kind)

RACELIGHT_BUILD_DIR selects the build directory (default: build/).
"""
import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = ["docs/report-kinds.md", "docs/usage.md"]
MARKER = re.compile(r"^<!-- (example|example-report): (\S+) -->$")


def directive(source, name):
    values = []
    with open(os.path.join(ROOT, source)) as f:
        for line in f:
            m = re.search(r"//\s*RACELIGHT-" + name + r":\s*(.*)$", line)
            if m:
                values.append(m.group(1).strip())
    return values


def run_program(source, build, work):
    """Compiles and runs `source`; returns (stderr text, JSON Lines text)."""
    name = os.path.splitext(os.path.basename(source))[0]
    cc = os.path.join(build, "bin", "racelight-c++" if source.endswith(".cpp") else "racelight-cc")
    binary = os.path.join(work, name)
    flags = []
    for f in directive(source, "FLAGS"):
        flags += shlex.split(f)
    subprocess.run([cc, "-O1", "-g", "-pthread", source, "-o", binary] + flags, cwd=ROOT,
                   check=True)
    report_path = os.path.join(work, name + ".jsonl")
    if os.path.exists(report_path):
        os.remove(report_path)
    options = " ".join(["report_path=" + report_path, "color=never"] +
                       directive(source, "OPTIONS"))
    env = dict(os.environ, RACELIGHT_OPTIONS=options)
    env.pop("NO_COLOR", None)
    p = subprocess.run(["./" + os.path.relpath(binary, ROOT)] if binary.startswith(ROOT + "/")
                       else [binary], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    text = p.stderr.decode("utf-8", "replace")
    with open(report_path) as f:
        jsonl = f.read()
    # The program's path as in the docs' examples; source paths relative to the repository.
    jsonl = jsonl.replace('"program":"' + binary + '"', '"program":"./' + name + '"')
    jsonl = jsonl.replace('"' + ROOT + '/', '"')
    text = text.replace(ROOT + "/", "")
    with open(os.path.join(work, name + ".txt"), "w") as f:
        f.write(text)
    return text, jsonl


def render_report(build, jsonl_path):
    p = subprocess.run([os.path.join(build, "bin", "racelight"), "report", "--color=never",
                        jsonl_path], cwd=ROOT, stdout=subprocess.PIPE)
    if p.returncode not in (0, 66):
        raise SystemExit("racelight report failed on " + jsonl_path)
    return p.stdout.decode("utf-8", "replace")


def regenerate(text, build, work, cache):
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        m = MARKER.match(line)
        if not m:
            continue
        mode, source = m.groups()
        if source not in cache:
            cache[source] = run_program(source, build, work)
        stderr, jsonl = cache[source]
        name = os.path.splitext(os.path.basename(source))[0]
        blocks = [stderr if mode == "example" else
                  render_report(build, os.path.join(work, name + ".jsonl"))]
        # Replace the fenced block(s) that follow: ```text, then (example) an optional ```json.
        for want in (["text", "json"] if mode == "example" else ["text"]):
            j = i
            while j < len(lines) and lines[j].strip() == "":
                j += 1
            if j >= len(lines) or lines[j] != "```" + want:
                if want == "text":
                    raise SystemExit("%s: no ```text block after the marker" % source)
                break
            end = lines.index("```", j + 1)
            content = blocks[0] if want == "text" else jsonl
            out.extend(lines[i:j])
            out.append("```" + want)
            out.extend(content.rstrip("\n").split("\n"))
            out.append("```")
            i = end + 1
    return "\n".join(out)


def mask(text):
    """Masks what changes from run to run."""
    text = re.sub(r"0x[0-9a-f]+", "0x…", text)
    text = re.sub(r"\bT\d+\b", "T…", text)
    text = re.sub(r"\bthread \d+\b", "thread …", text)
    text = re.sub(r'"(pid|thread|id|parent)":\d+', r'"\1":…', text)
    # Clocks depend on how slots were handed out and on how often each thread synchronized.
    text = re.sub(r'"(epoch|access_epoch|earlier|count)":\d+', r'"\1":…', text)
    text = re.sub(r"\bM\d+\b", "M…", text)
    text = re.sub(r"fingerprint [0-9a-f]+", "fingerprint …", text)
    # Which thread's creation stack a report shows varies (threads.emplace_back reallocates
    # for some threads only: one more libstdc++ frame), and with it the frame numbers.
    text = re.sub(r"\.\.\. \d+ frames? in ", "... … frames in ", text)
    text = re.sub(r"#\d+ ", "#… ", text)
    text = text.replace(" (finished)", "").replace('"finished":true', '"finished":false')
    return text


def main():
    args = sys.argv[1:]
    check = "--check" in args
    out_dir = None
    if "--out" in args:
        out_dir = os.path.abspath(args[args.index("--out") + 1])
        os.makedirs(out_dir, exist_ok=True)
    build = os.path.abspath(os.environ.get("RACELIGHT_BUILD_DIR", os.path.join(ROOT, "build")))
    if "--run-only" in args:
        if not out_dir:
            raise SystemExit("--run-only needs --out DIR")
        sources = []
        for doc in DOCS:
            with open(os.path.join(ROOT, doc)) as f:
                for line in f:
                    m = MARKER.match(line.rstrip("\n"))
                    if m and m.group(2) not in sources:
                        sources.append(m.group(2))
        for source in sources:
            run_program(source, build, out_dir)
        return 0
    with tempfile.TemporaryDirectory(prefix="racelight-docs-") as tmp:
        work = out_dir or tmp
        cache = {}
        failed = False
        for doc in DOCS:
            path = os.path.join(ROOT, doc)
            with open(path) as f:
                old = f.read()
            new = regenerate(old, build, work, cache)
            if check:
                if mask(old) != mask(new):
                    failed = True
                    sys.stdout.writelines(difflib.unified_diff(
                        mask(old).splitlines(True), mask(new).splitlines(True), doc + " (docs)",
                        doc + " (fresh run)"))
            elif new != old:
                with open(path, "w") as f:
                    f.write(new)
                print("updated " + doc)
        if check and failed:
            print("\nThe docs' examples differ from a fresh run: run scripts/gen-doc-examples.py")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
