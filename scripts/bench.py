#!/usr/bin/env python3
"""Benchmarks gfpscope on a prepared kernel tree against the parse floor,
the Clang Static Analyzer and Coccinelle.

  scripts/bench.py --tree /work/trees/linux-6.1 [--units-from prepared|build] [--sample N] [--seed S]
                   [--tools parse,tidy,gfpscope,path,analyzer,cocci]
                   [--corpus-jobs 2] [--corpus-tools ...] [--no-corpus] [--no-units]
                   [--no-profile] [--no-plot] [--out DIR] [--llvm 22 | --plugin P ...]

Units: those of the tree's compile_commands.json (the units that use the
APIs, as scripts/prepare-kernel-tree.sh made it), or with --units-from build
every C unit the tree's config builds (kbuild's dry run), for a sample of the
whole tree as a `make clang-tidy` run meets it.

Tools, each run on one translation unit with the unit's own command from
the compile database:
  parse     clang -fsyntax-only (the parse floor)
  tidy      clang-tidy --load=<plugin> -checks=-*,modernize-use-nullptr, a C++-only check that
            registers nothing on C: clang-tidy's own floor, what any check pays before it runs
  ctidy     clang-tidy --load=<plugin> -checks=-*,linuxkernel-must-check-errs: upstream's own
            C check with an AST matcher, the floor of any matcher-based check on C (the
            MatchFinder walks the whole unit once any matcher is registered)
  gfpscope  clang-tidy --load=<plugin> -checks=-*,<every linuxkernel-* check the plugin has>
            (upstream's linuxkernel-must-check-errs left out: not ours)
  path      the same with only linuxkernel-memalloc-scope-balance (the path-sensitive pass),
            when the plugin has it
  rnofs     only linuxkernel-redundant-nofs
  audit     the same writing the tree-wide audit's summary of the unit (AuditSummaryDir, into a
            temporary directory): the map step's cost is audit - rnofs (docs/audit.md)
  analyzer  clang-tidy -checks=-*,clang-analyzer-core.*,clang-analyzer-unix.*
  cocci     spatch -D report with scripts/cocci/vmalloc-nofs.cocci, as the kernel's
            scripts/coccicheck runs one file (Debian's coccinelle is installed if missing)

Phase 1 ("units"): for every unit of the sample (all units without --sample),
the tools one after the other, in an order that rotates from unit to unit
so that machine noise hits every tool alike; wall time, CPU time
(user+sys) and peak RSS of each run (wait4). Then, not timed, one gfpscope
run with --enable-check-profile for the per-check times.
Phase 2 ("corpus"): each tool over all units at -j<corpus-jobs>: wall time.
The load (uptime) is recorded around each phase.

Writes <out>/bench.json (default results/bench-<tree>) and <out>/overhead.png
(python3-matplotlib), and prints a summary. scripts/results.sh turns it into
docs/results.md.
"""

import argparse
import atexit
import concurrent.futures
import glob
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from gfpscope_tools import cli, crashes, diagnostics, kerneltree  # noqa: E402

ALL_TOOLS = ["parse", "tidy", "ctidy", "gfpscope", "path", "rnofs", "audit", "analyzer", "cocci"]
REDUNDANT_CHECK = "linuxkernel-redundant-nofs"
PATH_CHECK = diagnostics.BALANCE_CHECK
FLOOR_CHECK = "modernize-use-nullptr"
# Upstream clang-tidy's own C check with an AST matcher (the kernel's `make
# clang-tidy` runs it): the floor of any matcher-based check on C, the
# MatchFinder walk of the whole unit included.
C_FLOOR_CHECK = "linuxkernel-must-check-errs"
ANALYZER_CHECKS = "clang-analyzer-core.*,clang-analyzer-unix.*"
COCCI = os.path.join(kerneltree.HERE, "cocci", "vmalloc-nofs.cocci")
COCCI_LINE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<col>\d+)-\d+: (?P<msg>.*)$")
TARGETS = {"gfpscope_over_parse": 1.10, "path_over_analyzer": 0.25, "rss_over_parse": 1.2}


# ---------------------------------------------------------------- measuring

def measure(argv, cwd, timeout, keep_output=False):
    """Runs argv; wall and CPU seconds and peak RSS (KiB) of the process and
    its waited-for children (wait4), exit status, output."""
    with tempfile.TemporaryFile() as out:
        start = time.monotonic()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") \
            else (-(status & 0x7f) if status & 0x7f else status >> 8)
        out.seek(0)
        text = out.read().decode(errors="replace")
    rec = {"wall": round(wall, 4), "cpu": round(ru.ru_utime + ru.ru_stime, 4), "rss": ru.ru_maxrss,
           "exit": proc.returncode, "timeout": wall >= timeout and proc.returncode < 0,
           "error": bool(re.search(r"^(\S+: )?(fatal )?error: ", text, re.M))}
    # a run that did not do its job: killed, crashed, or clang-tidy without the plugin/checks
    rec["failed"] = rec["timeout"] or rec["exit"] not in (0, 1) or bool(diagnostics.PLUGIN_FAILED.search(text)
                                                                     or diagnostics.NO_CHECKS.search(text)
                                                                     or crashes.CRASH.search(text))
    if keep_output or rec["failed"] or rec["error"]:
        rec["output"] = text[-4000:]
    return rec


class Tools:
    def __init__(self, args, db, check_names, version):
        self.args, self.db, self.tree, self.checks = args, db, args.tree, check_names
        self.config = kerneltree.tidy_config(check_names, version)
        self.audit_dir = tempfile.mkdtemp(prefix="gfpscope-audit-")
        atexit.register(shutil.rmtree, self.audit_dir, True)
        config = json.loads(self.config)
        config["CheckOptions"][REDUNDANT_CHECK + ".AuditSummaryDir"] = self.audit_dir
        self.audit_config = json.dumps(config)
        self.spatch_opts = []
        with open(COCCI) as f:
            for line in f:
                if line.startswith("// Options:"):
                    self.spatch_opts = line.split(":", 1)[1].split()

    def tidy(self, unit, checks, load=True, extra=(), config=None):
        cmd = [self.args.clang_tidy]
        if load:
            cmd += ["--load=" + self.args.plugin, "--config=" + (config or self.config)]
        # --units-from build: the units' own commands (most are not in the
        # tree's database, where clang-tidy would interpolate another file's)
        db_dir = getattr(self.args, "db_dir", None) or self.tree
        return cmd + ["-p", db_dir, "--checks=-*," + checks, "--header-filter=.*", "--quiet"] \
            + list(extra) + [unit]

    def command(self, tool, unit, extra=()):
        directory, argv = self.db[unit]
        if tool == "parse":
            return kerneltree.syntax_only(argv, self.args.clang), directory
        if tool == "tidy":
            # a C++-only check: enabled (so clang-tidy runs), never registered for C
            return self.tidy(unit, FLOOR_CHECK, extra=extra), self.tree
        if tool == "ctidy":
            return self.tidy(unit, C_FLOOR_CHECK, extra=extra), self.tree
        if tool == "gfpscope":
            return self.tidy(unit, ",".join(self.checks), extra=extra), self.tree
        if tool == "path":
            return self.tidy(unit, PATH_CHECK, extra=extra), self.tree
        if tool == "rnofs":
            return self.tidy(unit, REDUNDANT_CHECK, extra=extra), self.tree
        if tool == "audit":
            return self.tidy(unit, REDUNDANT_CHECK, extra=extra, config=self.audit_config), self.tree
        if tool == "analyzer":
            return self.tidy(unit, ANALYZER_CHECKS, load=False, extra=extra), self.tree
        if tool == "cocci":
            # scripts/coccicheck with C=1: the include paths of the command, the
            # options of the semantic patch's header; run from the tree's root so
            # that its .cocciconfig (--timeout 200) applies.
            incs, i = [], 1
            while i < len(argv):
                a = argv[i]
                if a in ("-I", "-include", "-isystem") and i + 1 < len(argv):
                    incs += ["--include" if a == "-include" else "-I", argv[i + 1]]
                    i += 1
                elif a.startswith("-I"):
                    incs += ["-I", a[2:]]
                i += 1
            return ([self.args.spatch, "-D", "report", "--very-quiet", "--no-show-diff",
                     "--cocci-file", COCCI] + self.spatch_opts + incs
                    + [os.path.relpath(unit, directory)], directory)
        raise ValueError(tool)


def cocci_findings(text, directory, tree):
    out = []
    for line in text.splitlines():
        m = COCCI_LINE.match(line)
        if m:
            path = os.path.relpath(os.path.normpath(os.path.join(directory, m.group("file"))), tree)
            out.append({"file": path, "line": int(m.group("line")), "column": int(m.group("col")),
                        "message": m.group("msg")})
    return out


# ---------------------------------------------------------------- statistics

def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def pct(xs, q):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def ok_runs(units, *tools):
    """Units where every one of `tools` ran to the end (no timeout, no crash)."""
    return [u for u in units if all(t in u["runs"] and not u["runs"][t]["failed"] for t in tools)]


def summarize(data):
    units, tools = data["units"], data["tools"]
    s = {"tools": {}, "ratios": {}, "targets": {}}
    for t in tools:
        rs = [u["runs"][t] for u in ok_runs(units, t)]
        s["tools"][t] = {"n": len(rs),
                         "wall": med(r["wall"] for r in rs), "cpu": med(r["cpu"] for r in rs),
                         "rss_mib": (med(r["rss"] for r in rs) or 0) / 1024,
                         "wall_total": sum(r["wall"] for r in rs), "cpu_total": sum(r["cpu"] for r in rs),
                         "failed": sum(1 for u in units if t in u["runs"] and u["runs"][t]["failed"]),
                         "errors": sum(1 for u in units if t in u["runs"] and u["runs"][t]["error"])}
    if "parse" in tools:
        for t in tools:
            if t == "parse":
                continue
            us = ok_runs(units, "parse", t)
            r = {}
            for m in ("wall", "cpu", "rss"):
                xs = [u["runs"][t][m] / u["runs"]["parse"][m] for u in us if u["runs"]["parse"][m]]
                r[m] = {"median": med(xs), "p90": pct(xs, 0.9), "max": max(xs) if xs else None,
                        "min": min(xs) if xs else None}
            r["n"] = len(us)
            s["ratios"][t] = r
    # the path-sensitive pass against the analyzer: total times, and the
    # analysis cost above the parse floor
    if {"parse", "path", "analyzer"} <= set(tools):
        us = ok_runs(units, "parse", "path", "analyzer")
        res = {}
        for m in ("wall", "cpu"):
            tot = [u["runs"]["path"][m] / u["runs"]["analyzer"][m] for u in us]
            cost = [max(u["runs"]["path"][m] - u["runs"]["parse"][m], 0) /
                    (u["runs"]["analyzer"][m] - u["runs"]["parse"][m])
                    for u in us if u["runs"]["analyzer"][m] > u["runs"]["parse"][m]]
            sum_cost = sum(max(u["runs"]["path"][m] - u["runs"]["parse"][m], 0) for u in us)
            sum_an = sum(u["runs"]["analyzer"][m] - u["runs"]["parse"][m] for u in us)
            res[m] = {"total_median": med(tot), "cost_median": med(cost),
                      "cost_sum_ratio": sum_cost / sum_an if sum_an > 0 else None}
        s["path_vs_analyzer"] = res
    # the audit's map step: the summary written by linuxkernel-redundant-nofs
    # (target: at most 5% on a tree run, issue 16)
    if {"rnofs", "audit"} <= set(tools):
        us = ok_runs(units, "rnofs", "audit")
        res = {"n": len(us)}
        for m in ("wall", "cpu"):
            xs = [u["runs"]["audit"][m] / u["runs"]["rnofs"][m] for u in us if u["runs"]["rnofs"][m]]
            total_r = sum(u["runs"]["rnofs"][m] for u in us)
            res[m] = {"median": med(xs), "p90": pct(xs, 0.9),
                      "total": sum(u["runs"]["audit"][m] for u in us) / total_r if total_r else None}
        s["audit_over_rnofs"] = res
    # targets
    g = s["ratios"].get("gfpscope")
    if g:
        s["targets"]["gfpscope_over_parse"] = {
            "target": TARGETS["gfpscope_over_parse"], "wall": g["wall"]["median"], "cpu": g["cpu"]["median"],
            "met": g["wall"]["median"] is not None and g["wall"]["median"] <= TARGETS["gfpscope_over_parse"]}
        s["targets"]["rss_over_parse"] = {
            "target": TARGETS["rss_over_parse"], "median": g["rss"]["median"], "max": g["rss"]["max"],
            "met": g["rss"]["median"] is not None and g["rss"]["median"] <= TARGETS["rss_over_parse"]}
    pv = s.get("path_vs_analyzer")
    if pv:
        s["targets"]["path_over_analyzer"] = {
            "target": TARGETS["path_over_analyzer"], "wall": pv["wall"]["cost_median"], "cpu": pv["cpu"]["cost_median"],
            "met": pv["wall"]["cost_median"] is not None and pv["wall"]["cost_median"] <= TARGETS["path_over_analyzer"]}
    # per-check profile (clang-tidy --enable-check-profile), seconds per unit
    prof = {}
    for u in units:
        for check, secs in (u.get("profile") or {}).items():
            prof.setdefault(check, []).append(secs)
    s["profile"] = {c: {"median": med(v), "max": max(v), "sum": sum(v), "n": len(v)} for c, v in prof.items()}
    return s


# ---------------------------------------------------------------- phases

def read_profile(directory):
    """Per-check wall seconds from clang-tidy's --store-check-profile files."""
    times = {}
    for path in glob.glob(os.path.join(directory, "**", "*.json"), recursive=True):
        with open(path) as f:
            prof = json.load(f).get("profile", {})
        for key, value in prof.items():
            m = re.match(r"time\.clang-tidy\.(.+)\.wall$", key)
            if m:
                times[m.group(1)] = times.get(m.group(1), 0) + value
    return times


def phase_units(args, tools, sample, data, save):
    names = data["tools"]
    start = time.time()
    for i, unit in enumerate(sample):
        rel = os.path.relpath(unit, args.tree)
        order = names[i % len(names):] + names[:i % len(names)]
        rec = {"file": rel, "order": order, "runs": {}, "load": os.getloadavg()[0]}
        for t in order:
            argv, cwd = tools.command(t, unit)
            rec["runs"][t] = measure(argv, cwd, args.timeout, keep_output=(t == "cocci"))
            if t == "cocci":
                rec["cocci"] = cocci_findings(rec["runs"][t].pop("output", ""), cwd, args.tree)
        if args.profile and "gfpscope" in names:
            with tempfile.TemporaryDirectory() as d:
                argv, cwd = tools.command("gfpscope", unit,
                                          extra=["--enable-check-profile", "--store-check-profile=" + d])
                measure(argv, cwd, args.timeout)
                rec["profile"] = read_profile(d)
        data["units"].append(rec)
        r = rec["runs"]
        line = "[%d/%d] %.0fs %s:" % (i + 1, len(sample), time.time() - start, rel)
        for t in names:
            line += " %s %.2fs%s" % (t, r[t]["wall"], "" if t == "parse" or "parse" not in r
                                     else " (%.2fx)" % (r[t]["wall"] / r["parse"]["wall"]))
            if r[t]["failed"]:
                line += " FAILED(%s)" % ("timeout" if r[t]["timeout"] else r[t]["exit"])
        sys.stderr.write(line + "\n")
        if (i + 1) % 10 == 0:
            save()
    data["units_seconds"] = round(time.time() - start, 1)


def phase_corpus(args, tools, all_units, data, save):
    for t in args.corpus_tools:
        before = kerneltree.uptime()
        start = time.time()
        runs = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.corpus_jobs) as pool:
            jobs = {pool.submit(measure, *tools.command(t, u), args.timeout, t == "cocci"): u for u in all_units}
            for done, job in enumerate(concurrent.futures.as_completed(jobs), 1):
                u = jobs[job]
                r = job.result()
                r["file"] = os.path.relpath(u, args.tree)
                if t == "cocci":
                    r["cocci"] = cocci_findings(r.pop("output", ""), tools.db[u][0], args.tree)
                if not r["failed"]:
                    r.pop("output", None)
                runs.append(r)
                if sys.stderr.isatty():
                    sys.stderr.write("\rcorpus %s -j%d: [%d/%d] %.0fs\033[K" % (
                        t, args.corpus_jobs, done, len(all_units), time.time() - start))
                elif done % 50 == 0 or done == len(all_units):
                    sys.stderr.write("corpus %s -j%d: [%d/%d] %.0fs\n" % (
                        t, args.corpus_jobs, done, len(all_units), time.time() - start))
        wall = time.time() - start
        if sys.stderr.isatty():
            sys.stderr.write("\n")
        data["corpus"][t] = {
            "jobs": args.corpus_jobs, "units": len(runs), "wall": round(wall, 1),
            "cpu": round(sum(r["cpu"] for r in runs), 1), "rss_max_mib": max(r["rss"] for r in runs) / 1024,
            "failed": sorted(r["file"] for r in runs if r["failed"]),
            "errors": sorted(r["file"] for r in runs if r["error"]),
            "load_before": before, "load_after": kerneltree.uptime()}
        if t == "cocci":
            data["cocci_corpus_findings"] = sorted(
                (f for r in runs for f in r["cocci"]), key=lambda f: (f["file"], f["line"], f["column"]))
        sys.stderr.write("corpus %s: %.0f s wall at -j%d, %s\n" % (t, wall, args.corpus_jobs, kerneltree.uptime()))
        save()


# ---------------------------------------------------------------- plot

def plot(data, path):
    try:
        import matplotlib
    except ImportError:
        if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3"):
            # matplotlib is Debian's python3-matplotlib: use Debian's python3
            tmp = path + ".json"
            with open(tmp, "w") as f:
                json.dump(data, f)
            subprocess.run(["/usr/bin/python3", os.path.abspath(__file__), "--plot-only", tmp, path], check=True)
            os.unlink(tmp)
            return
        sys.stderr.write("no matplotlib (apt-get install python3-matplotlib): no plot\n")
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    units = data["units"]
    others = [t for t in data["tools"] if t != "parse"]
    if "parse" not in data["tools"] or not others:
        return
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.5))
    for t, color in (("gfpscope", "tab:blue"), ("path", "tab:orange")):
        if t not in others:
            continue
        xs = [u["runs"][t]["wall"] / u["runs"]["parse"]["wall"] for u in ok_runs(units, "parse", t)]
        if xs:
            ax1.hist(xs, bins=30, alpha=0.6, color=color,
                     label="%s / parse (median %.2f)" % (t, statistics.median(xs)))
    ax1.axvline(TARGETS["gfpscope_over_parse"], color="red", linestyle="--", label="target 1.10")
    ax1.set_xlabel("wall time relative to clang -fsyntax-only, per unit")
    ax1.set_ylabel("translation units")
    ax1.legend(fontsize=8)
    series = []
    for t in others:
        us = ok_runs(units, "parse", t)
        series.append([u["runs"][t]["wall"] / u["runs"]["parse"]["wall"] for u in us] or [float("nan")])
    ax2.boxplot(series, labels=others, showfliers=True)
    ax2.set_yscale("log")
    ax2.axhline(1.0, color="grey", linewidth=0.8)
    ax2.set_ylabel("wall time / parse floor (log)")
    ax2.set_title("per-unit overhead, %d units" % len(units), fontsize=10)
    fig.suptitle("%s (Linux %s): per-unit overhead over the parse floor" % (data["tree"], data["kernel"]))
    fig.tight_layout()
    fig.savefig(path, dpi=100)


# ---------------------------------------------------------------- main

def ensure_spatch():
    spatch = shutil.which("spatch")
    if spatch:
        return spatch
    if os.geteuid() == 0 and shutil.which("apt-get"):
        sys.stderr.write("installing Debian's coccinelle\n")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        cmd = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "coccinelle"]
        if subprocess.run(cmd, env=env).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env)
            subprocess.run(cmd, env=env)
    return shutil.which("spatch")


def first_line(argv):
    try:
        return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True).stdout.splitlines()[0].strip()
    except (OSError, IndexError):
        return "?"


def version_line(argv):
    out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True).stdout
    return next((l.strip() for l in out.splitlines() if "version" in l), "?")


@cli.main
def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tree")
    p.add_argument("--files", nargs="*", help="units (default: the tree's .gfpscope-prepared)")
    p.add_argument("--units-from", choices=("prepared", "build"), default="prepared",
                   help="prepared: the units of the tree's database, the API users "
                   "(default); build: every C unit the tree's config builds, from "
                   "kbuild's dry run (OUT/compile_commands.json; use with --sample and "
                   "--no-corpus)")
    p.add_argument("--sample", type=int, help="phase 1 on a seeded random sample of N units")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--tools", default=",".join(ALL_TOOLS))
    p.add_argument("--corpus-jobs", type=int, default=2)
    p.add_argument("--corpus-tools", help="tools of phase 2 (default: --tools)")
    p.add_argument("--no-corpus", action="store_true")
    p.add_argument("--no-units", action="store_true")
    p.add_argument("--no-profile", dest="profile", action="store_false")
    p.add_argument("--no-plot", dest="plot", action="store_false")
    p.add_argument("--timeout", type=float, default=900, help="per run, seconds (default 900)")
    p.add_argument("--out")
    p.add_argument("--plot-only", nargs=2, metavar=("BENCH_JSON", "PNG"), help=argparse.SUPPRESS)
    kerneltree.add_tool_options(p)
    args = p.parse_args()
    if args.plot_only:
        with open(args.plot_only[0]) as f:
            plot(json.load(f), args.plot_only[1])
        return 0
    if not args.tree:
        p.error("--tree is required")
    args.tree = os.path.realpath(args.tree)
    kerneltree.tools(args)
    version = kerneltree.kernel_version(args.tree)
    check_names = kerneltree.list_checks(args.clang_tidy, args.plugin)
    names = [t.strip() for t in args.tools.split(",") if t.strip()]
    for t in names:
        if t not in ALL_TOOLS:
            p.error("unknown tool %s (%s)" % (t, ",".join(ALL_TOOLS)))
    if "path" in names and PATH_CHECK not in check_names:
        sys.stderr.write("the plugin has no %s: no 'path' tool\n" % PATH_CHECK)
        names.remove("path")
    args.spatch = None
    if "cocci" in names:
        args.spatch = ensure_spatch()
        if not args.spatch:
            sys.stderr.write("no spatch: no 'cocci' tool\n")
            names.remove("cocci")
    args.corpus_tools = [t for t in (args.corpus_tools.split(",") if args.corpus_tools else names) if t in names]
    out = args.out or os.path.join(kerneltree.ROOT, "results", "bench-" + os.path.basename(args.tree))
    os.makedirs(out, exist_ok=True)
    if args.units_from == "build":
        db_path = os.path.join(out, "compile_commands.json")
        kerneltree.build_db(args.tree, out, db_path)
        db = kerneltree.compile_db(args.tree, db_path)
        all_units = sorted(kerneltree.units(args.tree, args.files, db) if args.files else db)
    else:
        db = kerneltree.compile_db(args.tree)
        all_units = [u for u in kerneltree.units(args.tree, args.files, db) if u in db]
    if args.sample and args.sample < len(all_units):
        sample = sorted(random.Random(args.seed).sample(all_units, args.sample))
    else:
        sample = list(all_units)
    if args.units_from == "build":
        # clang-tidy reads the whole database on every run (JSON of 6689
        # entries: about 0.4 s, more than the parse of a small unit): the
        # runs get one of the measured units only, about the size of the
        # prepared tree's.
        args.db_dir = os.path.join(out, "measured-db")
        os.makedirs(args.db_dir, exist_ok=True)
        with open(os.path.join(args.db_dir, "compile_commands.json"), "w") as f:
            json.dump([{"directory": db[u][0], "file": u, "arguments": db[u][1]}
                       for u in sample], f)
    git = first_line(["git", "-C", kerneltree.ROOT, "describe", "--always", "--dirty"])

    data = {"tree": os.path.basename(args.tree), "kernel": version, "tools": names,
            "check_names": check_names, "units_from": args.units_from, "corpus_units": len(all_units), "sample": args.sample,
            "seed": args.seed, "sample_units": len(sample), "timeout": args.timeout,
            "started": time.strftime("%Y-%m-%d %H:%M:%S"), "nproc": os.cpu_count(),
            "load_start": kerneltree.uptime(), "gfpscope": git, "plugin_sha1": args.plugin_sha1,
            "versions": {"clang": first_line([args.clang, "--version"]),
                         "clang-tidy": version_line([args.clang_tidy, "--version"]),
                         "spatch": first_line([args.spatch, "--version"]) if args.spatch else None},
            "commands": {}, "units": [], "corpus": {}}
    tools = Tools(args, db, check_names, version)
    if all_units:
        for t in names:
            argv, cwd = tools.command(t, all_units[0])
            data["commands"][t] = {"cwd": cwd, "argv": argv}
    bench_json = os.path.join(out, "bench.json")

    def save():
        data["summary"] = summarize(data)
        with open(bench_json + ".tmp", "w") as f:
            json.dump(data, f, indent=1)
        os.replace(bench_json + ".tmp", bench_json)

    sys.stderr.write("%s: %d units, phase 1 on %d, tools %s; %s\n" % (
        data["tree"], len(all_units), len(sample), ",".join(names), data["load_start"]))
    if not args.no_units:
        phase_units(args, tools, sample, data, save)
        data["load_after_units"] = kerneltree.uptime()
        save()
    if not args.no_corpus:
        phase_corpus(args, tools, all_units, data, save)
    data["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    data["load_end"] = kerneltree.uptime()
    save()
    if args.plot and data["units"]:
        plot(data, os.path.join(out, "overhead.png"))
    print_summary(data)
    print("-> %s" % bench_json)
    return 0


def print_summary(data):
    s = data["summary"]
    print("%s (Linux %s), %d of %d units, %s" % (data["tree"], data["kernel"], data["sample_units"],
                                                  data["corpus_units"], data["load_end"]))
    for t, v in s["tools"].items():
        r = s["ratios"].get(t)
        print("  %-9s median wall %.3fs cpu %.3fs rss %.0f MiB%s" % (
            t, v["wall"] or 0, v["cpu"] or 0, v["rss_mib"],
            "" if not r else "  /parse: wall %.2f cpu %.2f rss %.2f" % (
                r["wall"]["median"] or 0, r["cpu"]["median"] or 0, r["rss"]["median"] or 0)))
    for name, tgt in s["targets"].items():
        print("  target %s <= %s: %s (%s)" % (name, tgt["target"], "met" if tgt["met"] else "MISSED",
                                             ", ".join("%s %.3f" % (k, v) for k, v in tgt.items()
                                                       if k in ("wall", "cpu", "median", "max") and v is not None)))
    for t, c in data["corpus"].items():
        print("  corpus %-9s %.0f s wall at -j%d (%d units, %d failed)" % (t, c["wall"], c["jobs"], c["units"], len(c["failed"])))


if __name__ == "__main__":
    sys.exit(main())
