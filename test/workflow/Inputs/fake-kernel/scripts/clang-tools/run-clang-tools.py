#!/usr/bin/env python3
"""Stands in for the kernel's scripts/clang-tools/run-clang-tools.py in the
fake tree of test/workflow/kernel-tree.test (written for this test, same
command line and same clang-tidy invocation):

  run-clang-tools.py clang-tidy|clang-analyzer compile_commands.json

For every entry of the compilation database it runs, from the entry's
directory, the first `clang-tidy` in PATH as

  clang-tidy -p <database> -checks=-*,linuxkernel-* <file>

(no --load, no --fix, no header filter) and copies its output to stderr.
`make clang-tidy` in a kernel tree runs exactly that; it is why gfpscope's
bin/ goes first in PATH.
"""

import argparse
import json
import subprocess
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("type", choices=["clang-tidy", "clang-analyzer"])
    p.add_argument("path")
    args = p.parse_args()
    if args.type == "clang-tidy":
        checks = "-checks=-*,linuxkernel-*"
    else:
        checks = "-checks=-*,clang-analyzer-*"
    with open(args.path) as f:
        database = json.load(f)
    for entry in database:
        proc = subprocess.run(["clang-tidy", "-p", args.path, checks, entry["file"]],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              cwd=entry["directory"])
        sys.stderr.buffer.write(proc.stdout)
        sys.stderr.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
