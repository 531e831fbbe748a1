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
from the tree's Makefile (--kernel-version none: not set, as in the kernel's
own make clang-tidy; the findings must be the same). A clang error in a unit is reported as such, not
hidden (nor is a clang-tidy failure without a clang diagnostic, such as a
plugin that does not load); a crash or a timeout makes the exit status 1.
The plugin is copied at the start, so that a rebuild during the run does not
change it under the units that are still to run.

Each finding has a fingerprint (scripts/gfpscope_tools/fingerprint.py) that
survives line moves: docs/results/verdicts.json is keyed by it. A run that
analysed no unit (every unit failed in clang-tidy, say a plugin that does
not load) makes the exit status 3, with the reason.
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from gfpscope_tools import cli, crashes, diagnostics, kerneltree, report as render  # noqa: E402
from gfpscope_tools.fingerprint import fingerprint  # noqa: E402

BALANCE = diagnostics.BALANCE_CHECK


def gfpscope_commit():
    """The checkout's commit, "-dirty" when it has uncommitted changes (the
    plugin may then be built from them); "unknown" outside a git checkout."""
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        rev = subprocess.run(["git", "-C", here, "rev-parse", "--short", "HEAD"], check=True,
                             capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", here, "status", "--porcelain", "--untracked-files=no"],
                               check=True, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return rev + ("-dirty" if dirty else "")


@cli.main
def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tree", required=True)
    p.add_argument("--files", nargs="*")
    p.add_argument("--checks", default="linuxkernel-*")
    kerneltree.add_tool_options(p)
    p.add_argument("--kernel-version", help="default: the tree's Makefile; 'none': no "
                   "KernelVersion option, the checks find the version themselves as "
                   "the kernel's make clang-tidy has them do")
    p.add_argument("--extra-arg", action="append", default=[])
    p.add_argument("-j", type=int, default=os.cpu_count())
    p.add_argument("--timeout", type=float, default=1800, help="per unit, seconds (default 1800)")
    p.add_argument("--out", help="default results/<tree name> (of the checkout; installed: of the current directory)")
    args = p.parse_args()
    args.tree = os.path.realpath(args.tree)
    kerneltree.tools(args)
    version = args.kernel_version or kerneltree.kernel_version(args.tree)
    check_names = args.check_names = kerneltree.list_checks(args.clang_tidy, args.plugin, args.checks)
    if not check_names:
        raise cli.NothingAnalysed("the plugin %s has no check matching %s" % (args.plugin, args.checks))
    if args.kernel_version == "none":
        config = json.dumps({"CheckOptions": {}})
    else:
        config = kerneltree.tidy_config(check_names, version)
    if BALANCE in check_names:
        # One line per analysed function, so that the report can name every
        # function without a verdict (the findings do not change).
        options = json.loads(config)
        options["CheckOptions"][BALANCE + ".Verbose"] = 1
        config = json.dumps(options)
    db = kerneltree.compile_db(args.tree)
    files = kerneltree.units(args.tree, args.files, db)
    out = args.out or os.path.join(kerneltree.results_root(), "results", os.path.basename(args.tree))
    os.makedirs(out, exist_ok=True)

    report = {"tree": os.path.basename(args.tree), "kernel": version, "checks": args.checks,
              "gfpscope_commit": gfpscope_commit(),
              "check_names": check_names, "plugin": args.plugin_source, "plugin_sha1": args.plugin_sha1,
              "clang_tidy": args.clang_tidy,
              "jobs": args.j, "timeout": args.timeout, "load_before": kerneltree.uptime(),
              "units": [], "findings": [], "errors": [], "crashes": [], "timeouts": [],
              "balance_functions": {}, "no_verdict": []}
    seen = {}
    start = time.time()
    tty = sys.stderr.isatty()
    sys.stderr.write("%s: %d units, checks %s, -j%d\n" % (report["tree"], len(files), ",".join(check_names), args.j))
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
        jobs = [pool.submit(kerneltree.run_unit, args, config, f) for f in files]
        for done, job in enumerate(concurrent.futures.as_completed(jobs), 1):
            source, rc, output, seconds = job.result()
            rel = os.path.relpath(source, args.tree)
            directory = db.get(source, (args.tree,))[0]
            findings, errors = diagnostics.parse_unit(output, args.tree, rel, directory)
            crashed = crashes.crashed(rc, output)
            timed_out = rc is None
            for fn in diagnostics.balance_functions(output, directory, args.tree, rel):
                counts = report["balance_functions"]
                counts[fn["verdict"]] = counts.get(fn["verdict"], 0) + 1
                if fn["verdict"] == "none":
                    report["no_verdict"].append({k: fn[k] for k in (
                        "file", "line", "name", "status", "nodes", "ms", "proof")})
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
                lines = diagnostics.TOOL_ERROR.findall(output) or output.strip().splitlines()[-3:] or ["(no output)"]
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
    report["load_after"] = kerneltree.uptime()
    for f in report["findings"]:
        f["units"].sort()
    report["findings"].sort(key=lambda f: (f["check"], f["file"], f["line"], f["column"]))
    report["units"].sort(key=lambda u: u["file"])
    report["no_verdict"].sort(key=lambda f: (f["file"], f["line"]))
    with open(os.path.join(out, "findings.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(out, "findings.md"), "w") as f:
        f.write(render.markdown(report) + "\n")
    print("%d units in %.0f s, %d findings, %d clang errors in %d units, %d crashes, %d timeouts%s -> %s" % (
        len(report["units"]), report["seconds"], len(report["findings"]), len(report["errors"]),
        len({e["unit"] for e in report["errors"]}), len(report["crashes"]), len(report["timeouts"]),
        ", %d scope functions without a verdict" % len(report["no_verdict"])
        if BALANCE in check_names else "", out))
    evidence = diagnostics.Evidence()
    diagnostics.read_findings_json(report, os.path.join(out, "findings.json"),
                                   diagnostics.Paths(args.tree), evidence)
    evidence.check([args.tree])
    return 1 if report["crashes"] or report["timeouts"] else 0


if __name__ == "__main__":
    sys.exit(main())
