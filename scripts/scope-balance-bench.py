#!/usr/bin/env python3
"""Measures linuxkernel-memalloc-scope-balance against the parse floor and
the Clang Static Analyzer on the units of a prepared tree that call the
memalloc scope API, and writes the numbers into the check's page.

  scripts/scope-balance-bench.py --tree /work/trees/linux-6.1 [--sample 6]
        [--seed 4] [--out results/bench-scope-balance]
  scripts/scope-balance-bench.py --render-only [--bench B.json]

Runs scripts/bench.py with --tools parse,path,analyzer --no-corpus on the
units whose text calls a scope function (a seeded sample of them), keeps
its bench.json as docs/results/scope-balance-bench-<tree>.json, and replaces
the block between `<!-- bench:begin -->` and `<!-- bench:end -->` of
docs/checks/linuxkernel-memalloc-scope-balance.md with a table made from it
(do not edit that block by hand). --render-only redoes the last step from
the kept JSON.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
from gfpscope_tools import cli, kerneltree  # noqa: E402

ROOT = kerneltree.ROOT
PAGE = os.path.join(ROOT, "docs", "checks", "linuxkernel-memalloc-scope-balance.md")
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def api_units(tree):
    return [os.path.relpath(p, tree) for p in kerneltree.scope_api_units(tree)]


def fmt(x, digits=2):
    return "-" if x is None else "%.*f" % (digits, x)


def render(data):
    tools = [t for t in ("parse", "path", "analyzer") if t in data["tools"]]
    lines = ["Measured %s on %d of the %d units of %s (Linux %s) that call the API "
             "(seed %s), one tool after the other per unit; load at the start: `%s`, "
             "after: `%s`. `path` is clang-tidy with only this check; `analyzer` "
             "is clang-tidy with `clang-analyzer-core.*,clang-analyzer-unix.*`; "
             "`parse` is `clang -fsyntax-only` with the unit's own command. CPU "
             "time (user + system) is the fair measure on a loaded machine; wall "
             "time includes waiting for the cores. Source: `docs/results/%s`." % (
                 data.get("started", "?"), data["sample_units"], data["corpus_units"],
                 data["tree"], data["kernel"], data.get("seed"), data.get("load_start", "?"),
                 data.get("load_after_units", data.get("load_end", "?")),
                 "scope-balance-bench-%s.json" % data["tree"]), "",
             "| unit | " + " | ".join("%s cpu s" % t for t in tools) +
             " | path / parse cpu | analyzer / parse cpu | path / analyzer cpu "
             "| path / analyzer wall |",
             "|---|" + "---|" * (len(tools) + 4)]
    ratios = {"pp": [], "ap": [], "pa": [], "paw": []}
    for u in data["units"]:
        r = u["runs"]
        if any(t not in r or r[t]["failed"] for t in tools):
            lines.append("| %s | failed |" % u["file"])
            continue
        c = {t: r[t]["cpu"] for t in tools}
        vals = {"pp": c["path"] / c["parse"] if c["parse"] else None,
                "ap": c["analyzer"] / c["parse"] if c["parse"] else None,
                "pa": c["path"] / c["analyzer"] if c["analyzer"] else None,
                "paw": r["path"]["wall"] / r["analyzer"]["wall"]
                if r["analyzer"]["wall"] else None}
        for k, v in vals.items():
            if v is not None:
                ratios[k].append(v)
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            u["file"], " | ".join(fmt(c[t]) for t in tools), fmt(vals["pp"]),
            fmt(vals["ap"]), fmt(vals["pa"]), fmt(vals["paw"])))
    med = {k: (statistics.median(v) if v else None) for k, v in ratios.items()}
    s = data.get("summary", {}).get("tools", {})
    lines.append("| **median** | %s | **%s** | **%s** | **%s** | **%s** |" % (
        " | ".join(fmt(s.get(t, {}).get("cpu")) for t in tools),
        fmt(med["pp"]), fmt(med["ap"]), fmt(med["pa"]), fmt(med["paw"])))
    pv = data.get("summary", {}).get("path_vs_analyzer", {}).get("cpu", {})
    if pv.get("cost_median") is not None:
        lines += ["", "CPU time above the parse floor, this pass against the analyzer "
                  "(median of per-unit ratios): %s; summed over the sample: %s." % (
                      fmt(pv.get("cost_median"), 3), fmt(pv.get("cost_sum_ratio"), 3))]
    return "\n".join(lines)


def write_page(data):
    with open(PAGE) as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        raise SystemExit("%s has no %s ... %s block" % (PAGE, BEGIN, END))
    new = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END),
                 lambda m: BEGIN + "\n" + render(data) + "\n" + END, text, flags=re.S)
    with open(PAGE, "w") as f:
        f.write(new)


@cli.main
def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tree", default="/work/trees/linux-6.1")
    p.add_argument("--sample", type=int, default=6)
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--out", default=os.path.join(ROOT, "results", "bench-scope-balance"))
    p.add_argument("--bench", help="bench.json to render (default: the kept one)")
    p.add_argument("--render-only", action="store_true")
    args, rest = p.parse_known_args()
    tree = os.path.realpath(args.tree)
    kept = os.path.join(ROOT, "docs", "results",
                        "scope-balance-bench-%s.json" % os.path.basename(tree))
    if not args.render_only:
        cmd = [sys.executable, os.path.join(HERE, "bench.py"), "--tree", tree,
               "--files"] + api_units(tree) + [
               "--sample", str(args.sample), "--seed", str(args.seed),
               "--tools", "parse,path,analyzer", "--no-corpus", "--no-profile",
               "--no-plot", "--out", args.out] + rest
        subprocess.run(cmd, check=True)
        args.bench = os.path.join(args.out, "bench.json")
    if args.bench:
        shutil.copyfile(args.bench, kept)
    with open(kept) as f:
        data = json.load(f)
    write_page(data)
    print("wrote %s and %s" % (kept, PAGE))


if __name__ == "__main__":
    sys.exit(main())
