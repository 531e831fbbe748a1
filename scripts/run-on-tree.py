#!/usr/bin/env python3
"""Runs gfpscope's checks over a prepared kernel tree and writes a findings
report: findings.json for tools, findings.md for people (per check, per file,
per function).

  scripts/run-on-tree.py --tree /work/trees/linux-6.1 [--files f1.c f2.c]
                         [--checks 'linuxkernel-*'] [-j N] [--out DIR]
                         [--timeout SECONDS] [--llvm 22 | --plugin P --clang-tidy T]

The tree needs compile_commands.json (scripts/prepare-kernel-tree.sh). The
translation units default to the tree's .gfpscope-prepared list (the files
that name the allocators or the scope API). The checks are whatever the
plugin registers under --checks (`--list-checks`; upstream's
linuxkernel-must-check-errs, which the stock clang-tidy has, is left out:
not ours). KernelVersion is taken
from the tree's Makefile. A clang error in a unit is reported as such, not
hidden (nor is a clang-tidy failure without a clang diagnostic, such as a
plugin that does not load); a crash or a timeout makes the exit status 1.
The plugin is copied at the start, so that a rebuild during the run does not
change it under the units that are still to run.

Each finding has a fingerprint, a hash of (file, function, check, message)
that survives line moves: docs/results/verdicts.json is keyed by it.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import treelib  # noqa: E402

DIAG = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<kind>warning|error|fatal error|note): (?P<msg>.*?)(?: \[(?P<check>[\w.,-]+)\])?$")
BARE_ERROR = re.compile(r"^(?:error|fatal error): (?P<msg>.*)$")
FUNC = re.compile(r"^(?:[A-Za-z_][\w\s\*,()]*?[\s\*])?(?P<name>[A-Za-z_]\w*)\s*\(")
SNIPPET = re.compile(r"^\s*(\d+\s*)?\|")   # clang's source lines under a diagnostic
CRASH = ("Stack dump:", "PLEASE submit a bug report", "LLVM ERROR:", "Segmentation fault")
# clang-tidy's own errors, without a location (plugin not loaded, no checks, no command)
TOOL_ERROR = re.compile(r"^(Error opening .*|.*-load request ignored\.|Error: .*|Error while .*|"
                        r"Skipping .*\. Compile command not found\.|.*error: unable to .*)$", re.M)

kernel_version = treelib.kernel_version   # kept for scripts that import this file

_source_cache = {}


def enclosing_function(path, line):
    """The kernel-style function definition (name at column 0, body brace at
    column 0) that encloses `line`: good enough to group and fingerprint."""
    if path not in _source_cache:
        try:
            with open(path, errors="replace") as f:
                _source_cache[path] = f.read().splitlines()
        except OSError:
            _source_cache[path] = []
    lines = _source_cache[path]
    for i in range(min(line, len(lines)) - 1, -1, -1):
        if lines[i].startswith("}") and i < line - 1:
            return ""
        if lines[i].startswith("{"):
            for j in range(i - 1, max(i - 8, -1), -1):
                m = FUNC.match(lines[j])
                if m and not lines[j].startswith(("#", "static const", "struct ")):
                    return m.group("name")
            return ""
    return ""


def fingerprint(f):
    key = "\0".join((f["file"], f.get("function") or "", f["check"], f["message"]))
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def run_unit(args, config, source):
    cmd = [args.clang_tidy, "--load=" + args.plugin, "-p", args.tree, "--checks=-*," + ",".join(args.check_names),
           "--config=" + config, "--header-filter=.*", "--quiet", source]
    cmd += ["--extra-arg=" + a for a in args.extra_arg]
    start = time.time()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, errors="replace", timeout=args.timeout)
        rc, output = proc.returncode, proc.stdout
    except subprocess.TimeoutExpired as e:
        out = e.output or ""
        rc, output = None, out.decode(errors="replace") if isinstance(out, bytes) else out
    return source, rc, output, time.time() - start


def parse(output, tree, unit, directory=None):
    """Diagnostics of one unit's output; relative paths are relative to the
    unit's compile directory."""
    findings, errors = [], []
    directory = directory or tree
    current = None
    lines = output.splitlines()
    for i, line in enumerate(lines):
        m = DIAG.match(line)
        if m and m.group("kind") == "warning" and not m.group("check"):
            # a message with a newline in it: the rest, up to "[check]", is on the next lines
            for j in range(i + 1, min(i + 6, len(lines))):
                if DIAG.match(lines[j]) or SNIPPET.match(lines[j]):
                    break
                line += " " + lines[j].strip()
                if re.search(r" \[[\w.,-]+\]$", lines[j]):
                    m = DIAG.match(line)
                    break
        if not m:
            b = BARE_ERROR.match(line)
            if b:   # a driver error without a location (unknown argument, ...)
                errors.append({"file": unit, "line": 0, "column": 0, "message": b.group("msg"),
                               "check": "clang-diagnostic-error"})
            current = None if b else current
            continue
        path = os.path.relpath(os.path.realpath(os.path.join(directory, m.group("file"))), tree)
        item = {"file": path, "line": int(m.group("line")), "column": int(m.group("col")),
                "message": m.group("msg")}
        if m.group("kind") == "note":
            if current is not None:
                current["notes"].append(item)
            continue
        if m.group("kind") in ("error", "fatal error"):
            item["check"] = m.group("check") or "clang-diagnostic-error"
            errors.append(item)
            current = None
            continue
        item["check"] = m.group("check") or ""
        item["function"] = enclosing_function(os.path.join(tree, path), item["line"])
        item["notes"] = []
        findings.append(item)
        current = item
    return findings, errors


def markdown(report):
    out = ["# gfpscope findings on %s" % report["tree"], "",
           "Linux %s; checks %s; %d translation units in %.0f s at -j%d (load before: %s); "
           "%d findings, %d units with clang errors, %d crashes, %d timeouts." % (
               report["kernel"], ", ".join("`%s`" % c for c in report["check_names"]) or "none",
               len(report["units"]), report["seconds"], report["jobs"], report["load_before"],
               len(report["findings"]), len({e["unit"] for e in report["errors"]}),
               len(report["crashes"]), len(report["timeouts"])), ""]
    counts = {}
    for f in report["findings"]:
        counts[f["check"]] = counts.get(f["check"], 0) + 1
    out += ["| check | findings |", "|---|---|"]
    out += ["| `%s` | %d |" % (c, counts.get(c, 0)) for c in sorted(set(report["check_names"]) | set(counts))]
    out.append("")
    by_check = {}
    for f in report["findings"]:
        by_check.setdefault(f["check"], {}).setdefault(f["file"], {}).setdefault(
            f["function"] or "?", []).append(f)
    for check in sorted(by_check):
        out += ["## %s" % check, ""]
        for path in sorted(by_check[check]):
            out += ["### %s" % path, ""]
            funcs = by_check[check][path]
            for func in sorted(funcs, key=lambda fn: min(f["line"] for f in funcs[fn])):
                out.append("- `%s()`" % func)
                for f in sorted(funcs[func], key=lambda f: (f["line"], f["column"])):
                    out.append("  - line %d: %s `[%s]`" % (f["line"], f["message"], f["fingerprint"]))
                    for n in f["notes"]:
                        out.append("    - note, %s:%d: %s" % (n["file"], n["line"], n["message"]))
            out.append("")
    if report["errors"]:
        out += ["## clang errors", ""]
        by_unit = {}
        for e in report["errors"]:
            by_unit.setdefault(e["unit"], []).append(e)
        for unit in sorted(by_unit):
            out.append("- %s" % unit)
            for e in by_unit[unit][:20]:
                out.append("  - %s:%d: %s" % (e["file"], e["line"], e["message"]))
            if len(by_unit[unit]) > 20:
                out.append("  - ... %d more" % (len(by_unit[unit]) - 20))
        out.append("")
    if report["crashes"]:
        out += ["## crashes", ""] + ["- " + c for c in report["crashes"]] + [""]
    if report["timeouts"]:
        out += ["## timeouts (%s s)" % report["timeout"], ""] + ["- " + c for c in report["timeouts"]] + [""]
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tree", required=True)
    p.add_argument("--files", nargs="*")
    p.add_argument("--checks", default="linuxkernel-*")
    treelib.add_tool_options(p)
    p.add_argument("--kernel-version")
    p.add_argument("--extra-arg", action="append", default=[])
    p.add_argument("-j", type=int, default=os.cpu_count())
    p.add_argument("--timeout", type=float, default=1800, help="per unit, seconds (default 1800)")
    p.add_argument("--out", help="default results/<tree name> (of the checkout; installed: of the current directory)")
    args = p.parse_args()
    args.tree = os.path.realpath(args.tree)
    treelib.tools(args)
    version = args.kernel_version or treelib.kernel_version(args.tree)
    check_names = args.check_names = treelib.list_checks(args.clang_tidy, args.plugin, args.checks)
    if not check_names:
        raise SystemExit("the plugin %s has no check matching %s" % (args.plugin, args.checks))
    config = treelib.tidy_config(check_names, version)
    db = treelib.compile_db(args.tree)
    files = treelib.units(args.tree, args.files, db)
    out = args.out or os.path.join(treelib.results_root(), "results", os.path.basename(args.tree))
    os.makedirs(out, exist_ok=True)

    report = {"tree": os.path.basename(args.tree), "kernel": version, "checks": args.checks,
              "check_names": check_names, "plugin": args.plugin_source, "plugin_sha1": args.plugin_sha1,
              "clang_tidy": args.clang_tidy,
              "jobs": args.j, "timeout": args.timeout, "load_before": treelib.uptime(),
              "units": [], "findings": [], "errors": [], "crashes": [], "timeouts": []}
    seen = {}
    start = time.time()
    tty = sys.stderr.isatty()
    sys.stderr.write("%s: %d units, checks %s, -j%d\n" % (report["tree"], len(files), ",".join(check_names), args.j))
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
        jobs = [pool.submit(run_unit, args, config, f) for f in files]
        for done, job in enumerate(concurrent.futures.as_completed(jobs), 1):
            source, rc, output, seconds = job.result()
            rel = os.path.relpath(source, args.tree)
            findings, errors = parse(output, args.tree, rel, db.get(source, (args.tree,))[0])
            crashed = rc is not None and (rc < 0 or any(s in output for s in CRASH))
            timed_out = rc is None
            if crashed:
                report["crashes"].append(rel)
            if timed_out:
                report["timeouts"].append(rel)
            new = 0
            for f in findings:
                key = (f["file"], f["line"], f["column"], f["check"], f["message"])
                if key not in seen:
                    f["fingerprint"] = fingerprint(f)
                    f["units"] = []
                    seen[key] = f
                    report["findings"].append(f)
                    new += 1
                seen[key]["units"].append(rel)
            if not crashed and not timed_out and rc != 0 and not errors:
                # a failure that printed no clang diagnostic: report it, with its output
                lines = TOOL_ERROR.findall(output) or output.strip().splitlines()[-3:] or ["(no output)"]
                errors = [{"file": rel, "line": 0, "column": 0, "check": "clang-tidy-error",
                           "message": "clang-tidy exit %s: %s" % (rc, " / ".join(l.strip() for l in lines[:5]))}]
            for e in errors:
                e["unit"] = rel
            report["errors"] += errors
            report["units"].append({"file": rel, "seconds": round(seconds, 3), "exit": rc,
                                    "findings": len(findings), "errors": len(errors),
                                    "crash": crashed, "timeout": timed_out})
            line = "[%d/%d] %.0fs %s: %d findings%s%s%s" % (
                done, len(files), time.time() - start, rel, new,
                ", %d clang errors" % len(errors) if errors else "", ", CRASH" if crashed else "",
                ", TIMEOUT" if timed_out else "")
            if tty:
                sys.stderr.write("\r" + line + "\033[K" + ("\n" if errors or crashed or timed_out else ""))
            elif errors or crashed or timed_out or done % 25 == 0 or done == len(files):
                sys.stderr.write(line + "\n")
    if tty:
        sys.stderr.write("\n")
    report["seconds"] = round(time.time() - start, 1)
    report["load_after"] = treelib.uptime()
    for f in report["findings"]:
        f["units"].sort()
    report["findings"].sort(key=lambda f: (f["check"], f["file"], f["line"], f["column"]))
    report["units"].sort(key=lambda u: u["file"])
    with open(os.path.join(out, "findings.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(out, "findings.md"), "w") as f:
        f.write(markdown(report) + "\n")
    print("%d units in %.0f s, %d findings, %d clang errors in %d units, %d crashes, %d timeouts -> %s" % (
        len(report["units"]), report["seconds"], len(report["findings"]), len(report["errors"]),
        len({e["unit"] for e in report["errors"]}), len(report["crashes"]), len(report["timeouts"]), out))
    return 1 if report["crashes"] or report["timeouts"] else 0


if __name__ == "__main__":
    sys.exit(main())
