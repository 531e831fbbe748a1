#!/usr/bin/env python3
"""Checks that, with no KernelVersion option (the kernel's own `make
clang-tidy` passes none), linuxkernel-vmalloc-nofs says on a real tree what
it says with the version set from the tree's Makefile (issue 12): the
version is found from the unit's tree.

  scripts/check-version-messages.py --tree /work/trees/linux-6.12
                                    [--findings docs/results/findings-linux-6.12.json]

Runs scripts/run-on-tree.py --kernel-version none over the units that have
linuxkernel-vmalloc-nofs findings in the recorded run (which had the version
set), and compares (file, line, message) of the findings. Exit status 1 on
any difference, which is printed.
"""

import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECK = "linuxkernel-vmalloc-nofs"


def keyed(findings):
    return sorted((f["file"], f["line"], f["message"]) for f in findings if f["check"] == CHECK)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tree", required=True)
    p.add_argument("--findings")
    args = p.parse_args()
    name = os.path.basename(os.path.realpath(args.tree))
    path = args.findings or os.path.join(ROOT, "docs", "results", "findings-%s.json" % name)
    with open(path) as f:
        recorded = json.load(f)
    units = sorted({u for f in recorded["findings"] if f["check"] == CHECK for u in f["units"]})
    out = os.path.join(ROOT, "results", "noversion-" + name)
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "run-on-tree.py"), "--tree", args.tree,
                    "--checks", CHECK, "--kernel-version", "none", "--out", out, "--files"] + units,
                   check=True)
    with open(os.path.join(out, "findings.json")) as f:
        found = json.load(f)
    want, got = keyed(recorded["findings"]), keyed(found["findings"])
    print("%s: %d units, %d findings with KernelVersion %s, %d without the option: %s" % (
        name, len(units), len(want), recorded["kernel"], len(got), "the same" if want == got else "DIFFERENT"))
    for k in sorted(set(want) ^ set(got)):
        print("  %s %s:%d: %s" % ("only with the option:" if k in want else "only without it:", *k))
    return 0 if want == got else 1


if __name__ == "__main__":
    sys.exit(main())
