#!/usr/bin/env python3
"""Applies each SARIF result's first fix alone (as a code-scanning service's
"apply suggestion" does) to a copy of the source and compiles it.

  apply_each_fix.py SARIF SRCROOT OUTDIR -- CLANG ARGS...

Prints "fix <n> of '<rule>' alone: compiles" per fix; exits 1 on the first
fix whose result does not compile."""
import json
import os
import subprocess
import sys


def apply(data, replacements):
    for rep in sorted(replacements, key=lambda r: r["deletedRegion"]["byteOffset"],
                      reverse=True):
        region = rep["deletedRegion"]
        start, length = region["byteOffset"], region["byteLength"]
        text = rep.get("insertedContent", {}).get("text", "").encode()
        data = data[:start] + text + data[start + length:]
    return data


def main():
    sep = sys.argv.index("--")
    sarif, root, outdir = sys.argv[1:sep]
    compiler = sys.argv[sep + 1:]
    with open(sarif) as f:
        results = json.load(f)["runs"][0]["results"]
    n = 0
    for result in results:
        for change in (result.get("fixes") or [{}])[0].get("artifactChanges", []):
            path = os.path.join(root, change["artifactLocation"]["uri"])
            with open(path, "rb") as f:
                fixed = apply(f.read(), change["replacements"])
            n += 1
            out = os.path.join(outdir, "fix%d%s" % (n, os.path.splitext(path)[1]))
            with open(out, "wb") as f:
                f.write(fixed)
            proc = subprocess.run(compiler + [out], capture_output=True, text=True)
            if proc.returncode != 0:
                sys.stdout.write(proc.stderr)
                print("fix %d of '%s' alone: does not compile" % (n, result["ruleId"]))
                return 1
            print("fix %d of '%s' alone: compiles" % (n, result["ruleId"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
