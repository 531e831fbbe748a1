#!/usr/bin/env python3
"""Runs gfpscope's checks over a prepared kernel tree and writes a findings
report: findings.json for tools, findings.md for people (per check, per file,
per function).

  scripts/run-on-tree.py --tree /work/trees/linux-6.1 [--files f1.c f2.c]
                         [--checks 'linuxkernel-*'] [-j N] [--out DIR]

The tree needs compile_commands.json (scripts/prepare-kernel-tree.sh). The
translation units default to the tree's .gfpscope-prepared list (the files
that name the allocators or the scope API). KernelVersion is taken from the
tree's Makefile. A clang error in a unit is reported as such, not hidden.
"""

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DIAG = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<kind>warning|error|note): (?P<msg>.*?)(?: \[(?P<check>[\w.,-]+)\])?$")
FUNC = re.compile(r"^[A-Za-z_][\w\s\*,()]*?\b(?P<name>[A-Za-z_]\w*)\s*\(")


def kernel_version(tree):
    fields = {}
    with open(os.path.join(tree, "Makefile")) as f:
        for line in f:
            m = re.match(r"^(VERSION|PATCHLEVEL|SUBLEVEL) = (\d+)", line)
            if m:
                fields[m.group(1)] = m.group(2)
            if len(fields) == 3:
                break
    return "%s.%s.%s" % (fields["VERSION"], fields["PATCHLEVEL"], fields.get("SUBLEVEL", "0"))


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


def run_unit(args, plugin, tidy, config, source):
    cmd = [tidy, "--load=" + plugin, "-p", args.tree, "--checks=-*," + args.checks,
           "--config=" + config, "--header-filter=.*", "--quiet", source]
    cmd += ["--extra-arg=" + a for a in args.extra_arg]
    start = time.time()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
    return source, proc.returncode, proc.stdout, time.time() - start


def parse(output, tree):
    findings, errors = [], []
    current = None
    for line in output.splitlines():
        m = DIAG.match(line)
        if not m:
            continue
        path = os.path.relpath(os.path.realpath(m.group("file")), tree)
        item = {"file": path, "line": int(m.group("line")), "column": int(m.group("col")),
                "message": m.group("msg")}
        if m.group("kind") == "note":
            if current is not None:
                current["notes"].append(item)
            continue
        if m.group("kind") == "error":
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
           "Linux %s, checks `%s`, %d translation units, %d findings, %d units with clang errors, "
           "%d crashes." % (report["kernel"], report["checks"], len(report["units"]),
                            len(report["findings"]), len(report["errors"]), len(report["crashes"])),
           ""]
    by_check = {}
    for f in report["findings"]:
        by_check.setdefault(f["check"], {}).setdefault(f["file"], []).append(f)
    for check in sorted(by_check):
        out += ["## %s" % check, ""]
        for path in sorted(by_check[check]):
            out.append("### %s" % path)
            out.append("")
            for f in sorted(by_check[check][path], key=lambda f: (f["line"], f["column"])):
                out.append("- `%s()` line %d: %s" % (f["function"] or "?", f["line"], f["message"]))
                for n in f["notes"]:
                    out.append("  - note, %s:%d: %s" % (n["file"], n["line"], n["message"]))
            out.append("")
    if report["errors"]:
        out += ["## clang errors", ""]
        for e in report["errors"]:
            out.append("- %s:%d: %s" % (e["file"], e["line"], e["message"]))
        out.append("")
    if report["crashes"]:
        out += ["## crashes", ""] + ["- " + c for c in report["crashes"]] + [""]
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tree", required=True)
    p.add_argument("--files", nargs="*")
    p.add_argument("--checks", default="linuxkernel-*")
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--llvm", default="22")
    p.add_argument("--kernel-version")
    p.add_argument("--extra-arg", action="append", default=[])
    p.add_argument("-j", type=int, default=os.cpu_count())
    p.add_argument("--out")
    args = p.parse_args()
    args.tree = os.path.realpath(args.tree)
    plugin = os.path.join(args.build, "lib", "gfpscope.so")
    tidy = "/usr/lib/llvm-%s/bin/clang-tidy" % args.llvm
    version = args.kernel_version or kernel_version(args.tree)
    config = json.dumps({"CheckOptions": {"linuxkernel-vmalloc-nofs.KernelVersion": version}})
    files = args.files
    if not files:
        with open(os.path.join(args.tree, ".gfpscope-prepared")) as f:
            files = [l.strip() for l in f if l.strip()]
    files = [os.path.join(args.tree, f) if not os.path.isabs(f) else f for f in files]
    out = args.out or os.path.join(ROOT, "results", os.path.basename(args.tree))
    os.makedirs(out, exist_ok=True)

    report = {"tree": os.path.basename(args.tree), "kernel": version, "checks": args.checks,
              "units": [], "findings": [], "errors": [], "crashes": []}
    seen = set()
    start = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
        jobs = [pool.submit(run_unit, args, plugin, tidy, config, f) for f in files]
        for done, job in enumerate(concurrent.futures.as_completed(jobs), 1):
            source, rc, output, seconds = job.result()
            rel = os.path.relpath(source, args.tree)
            findings, errors = parse(output, args.tree)
            crashed = rc < 0 or "Stack dump" in output
            if crashed:
                report["crashes"].append(rel)
            new = 0
            for f in findings:
                key = (f["file"], f["line"], f["column"], f["check"], f["message"])
                if key not in seen:
                    seen.add(key)
                    report["findings"].append(f)
                    new += 1
            for e in errors:
                e["unit"] = rel
            report["errors"] += errors
            report["units"].append({"file": rel, "seconds": round(seconds, 3), "exit": rc,
                                    "findings": len(findings), "errors": len(errors)})
            sys.stderr.write("\r[%d/%d] %.0fs %s: %d findings%s%s\033[K" % (
                done, len(files), time.time() - start, rel, new,
                ", %d clang errors" % len(errors) if errors else "", ", CRASH" if crashed else ""))
            if errors or crashed:
                sys.stderr.write("\n")
    sys.stderr.write("\n")
    report["findings"].sort(key=lambda f: (f["check"], f["file"], f["line"], f["column"]))
    report["units"].sort(key=lambda u: u["file"])
    with open(os.path.join(out, "findings.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(out, "findings.md"), "w") as f:
        f.write(markdown(report) + "\n")
    print("%d units, %d findings, %d clang errors, %d crashes -> %s" % (
        len(report["units"]), len(report["findings"]), len(report["errors"]),
        len(report["crashes"]), out))
    return 1 if report["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
