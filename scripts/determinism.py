#!/usr/bin/env python3
"""Checks that the linuxkernel-* checks are deterministic (docs/robustness.md):
the same input gives byte-identical diagnostics and exported fixes, run after
run and whatever the parallelism.

  scripts/determinism.py [--build DIR | --clang-tidy T [--load P]] [--runs N] [-j J]
                         [--out DIR] [--era 6.1] [FILE.c ...]

FILEs default to the lit suite's C inputs (test/**/*.c). Each is copied into
--out and listed in a compile_commands.json (kernel fixture headers of --era,
-std=gnu11, the file's own test directory on the include path). Then:
  1. --runs sequential passes: clang-tidy on each file, one at a time, with
     --export-fixes: every pass must give byte-identical output and YAML;
  2. one pass with J files at a time (threads, concurrent processes): the same
     bytes again;
  3. run-clang-tidy -j1 and -jJ over the compile database with -export-fixes:
     the same diagnostics (run-clang-tidy orders its output by completion and
     merges the per-file YAML in a random order, so its output is compared per
     translation unit and its YAML with the diagnostics sorted).
Prints "determinism: N files, ... identical" or the first difference, and
exits 1 on a difference or a crash.
"""

import argparse
import concurrent.futures
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import fuzz  # noqa: E402
from gfpscope_tools import cli  # noqa: E402

ERA_NUMBERS = {"4.19": "419", "6.1": "601", "6.15": "615"}


@cli.main
def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("files", nargs="*")
    p.add_argument("--build", help="gfpscope build directory (default build/); its bin/clang-tidy")
    p.add_argument("--clang-tidy", dest="clang_tidy")
    p.add_argument("--load", help="the plugin, for a stock --clang-tidy")
    p.add_argument("--llvm", default="22")
    p.add_argument("--run-clang-tidy", dest="run_clang_tidy",
                   help="default /usr/lib/llvm-<v>/bin/run-clang-tidy; 'none' to skip")
    p.add_argument("--runs", type=int, default=2)
    p.add_argument("-j", type=int, default=2)
    p.add_argument("--era", default="6.1", choices=sorted(ERA_NUMBERS))
    p.add_argument("--config", default="{}")
    p.add_argument("--out")
    p.add_argument("--timeout", type=float, default=600)
    a = p.parse_args()

    clang_tidy = a.clang_tidy or os.path.join(a.build or os.path.join(ROOT, "build"), "bin",
                                              "clang-tidy")
    clang_tidy = os.path.abspath(clang_tidy)
    files = [os.path.abspath(f) for f in a.files] or fuzz.corpus_files()
    out = a.out or tempfile.mkdtemp(prefix="gfpscope-determinism-")
    shutil.rmtree(os.path.join(out, "tu"), ignore_errors=True)
    os.makedirs(os.path.join(out, "tu"))
    env = dict(os.environ)
    for k, v in fuzz.SANITIZER_ENV.items():
        env.setdefault(k, v)

    units, db = [], []
    for i, src in enumerate(files):
        dst = os.path.join(out, "tu", "%03d-%s" % (i, os.path.basename(src)))
        shutil.copyfile(src, dst)
        args = ["-std=gnu11", "-I", os.path.dirname(src),
                "-I", os.path.join(ROOT, "test", "Inputs", "kernel-" + a.era, "include"),
                "-DGFPSCOPE_TEST_ERA=" + ERA_NUMBERS[a.era]]
        units.append((dst, args))
        db.append({"directory": out, "file": dst,
                   "arguments": ["clang", "-c"] + args + [dst, "-o", dst + ".o"]})
    with open(os.path.join(out, "compile_commands.json"), "w") as f:
        json.dump(db, f, indent=1)

    def tidy(unit, tag):
        path, args = unit
        export = os.path.join(out, tag, os.path.basename(path) + ".yaml")
        cmd = [clang_tidy, path, "--checks=" + fuzz.CHECKS, "--config=" + a.config,
               "--export-fixes=" + export]
        if a.load:
            cmd.append("--load=" + a.load)
        proc = subprocess.run(cmd + ["--"] + args, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, env=env, timeout=a.timeout)
        if proc.returncode not in (0, 1) or fuzz.CRASH.search(proc.stdout.decode(errors="replace")):
            sys.stdout.write(proc.stdout.decode(errors="replace"))
            sys.exit("determinism: %s crashed (%d)" % (path, proc.returncode))
        fixes = b""
        if os.path.exists(export):
            with open(export, "rb") as f:
                fixes = f.read()
        return proc.stdout, fixes

    def run_pass(tag, jobs):
        os.makedirs(os.path.join(out, tag), exist_ok=True)
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            return list(pool.map(lambda u: tidy(u, tag), units))

    def compare(first, other, what):
        for unit, x, y in zip(units, first, other):
            for kind, bx, by in (("output", x[0], y[0]), ("exported fixes", x[1], y[1])):
                if bx != by:
                    diff = difflib.unified_diff(bx.decode(errors="replace").splitlines(),
                                                by.decode(errors="replace").splitlines(),
                                                lineterm="")
                    print("\n".join(list(diff)[:60]))
                    sys.exit("determinism: %s: %s differs (%s)" % (unit[0], kind, what))

    passes = [run_pass("seq0", 1)]
    for r in range(1, a.runs):
        compare(passes[0], run_pass("seq%d" % r, 1), "sequential pass %d" % (r + 1))
    compare(passes[0], run_pass("par", a.j), "-j%d pass" % a.j)
    warnings = sum(len(re.findall(rb": warning: ", o)) for o, _ in passes[0])
    replacements = sum(len(re.findall(rb"\n\s+- FilePath:", y)) for _, y in passes[0])

    rct = a.run_clang_tidy or "/usr/lib/llvm-%s/bin/run-clang-tidy" % a.llvm
    rct_note = "run-clang-tidy skipped"
    if rct != "none" and os.path.exists(rct):
        results = []
        for jobs in (1, a.j):
            merged = os.path.join(out, "run-clang-tidy-j%d.yaml" % jobs)
            cmd = [sys.executable, rct, "-p", out, "-clang-tidy-binary", clang_tidy,
                   "-checks=" + fuzz.CHECKS, "-config=" + a.config, "-j", str(jobs),
                   "-export-fixes", merged, "-quiet"]
            if a.load:
                cmd += ["-load", a.load]
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  env=env, timeout=a.timeout * 4, cwd=out)
            text = proc.stdout.decode(errors="replace")
            if fuzz.CRASH.search(text):
                print(text)
                sys.exit("determinism: run-clang-tidy -j%d: a crash" % jobs)
            blocks = per_unit(text, units)
            if sorted(blocks) != sorted(u[0] for u in units) or not os.path.exists(merged):
                print(text)
                sys.exit("determinism: run-clang-tidy -j%d did not run every file" % jobs)
            results.append((blocks, canonical_yaml(merged)))
        if results[0][0] != results[1][0]:
            for key in sorted(set(results[0][0]) | set(results[1][0])):
                if results[0][0].get(key) != results[1][0].get(key):
                    print("%s\n--- -j1:\n%s\n--- -j%d:\n%s" % (
                        key, results[0][0].get(key), a.j, results[1][0].get(key)))
                    break
            sys.exit("determinism: run-clang-tidy -j1 and -j%d print other diagnostics" % a.j)
        if results[0][1] != results[1][1]:
            sys.exit("determinism: run-clang-tidy -j1 and -j%d export other fixes" % a.j)
        rct_note = "run-clang-tidy -j1 and -j%d agree (%d diagnostics in the merged fixes)" % (
            a.j, len(results[0][1]))
    print("determinism: %d files, %d sequential passes and one at -j%d identical "
          "(%d warnings, %d replacements); %s" % (len(units), a.runs, a.j, warnings,
                                                 replacements, rct_note))
    if not a.out:
        shutil.rmtree(out, ignore_errors=True)


def per_unit(text, units):
    """run-clang-tidy's output per translation unit: it prints a block per
    unit, "[i/N][secs] <invocation ending with the file>" and its output, in
    the order the units finish."""
    blocks, key = {}, None
    for line in text.splitlines():
        m = re.match(r"^\[\s*\d+/\d+\]\[[\d.]+s\] .* (\S+)$", line)
        if m:
            key = m.group(1)
            blocks[key] = []
        elif key is not None and not line.startswith(("Writing fixes to ", "Applying fixes")):
            blocks[key].append(line)
    return {k: "\n".join(v).strip() for k, v in blocks.items()}


def canonical_yaml(path):
    import yaml
    if not os.path.exists(path):
        return []
    with open(path) as f:
        data = yaml.safe_load(f) or {}
    diags = data.get("Diagnostics") or []
    return sorted(json.dumps(d, sort_keys=True) for d in diags)


if __name__ == "__main__":
    sys.exit(main())
