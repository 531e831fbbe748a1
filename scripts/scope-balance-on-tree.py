#!/usr/bin/env python3
"""Runs linuxkernel-memalloc-scope-balance alone over a prepared kernel tree,
accounts for every function that calls the memalloc scope API, and writes
the results page.

  scripts/scope-balance-on-tree.py --tree /work/trees/linux-6.1 [-j N]
        [--files f.c ...] [--option Name=Value ...] [--out DIR]
        [--doc docs/results/scope-balance-6.1.md] [--render-only]
        [--llvm 22 | --plugin P --clang-tidy T]

Units: every .c file the tree's config builds (kbuild's dry run,
kerneltree.build_db, written to <out>/compile_commands.json) whose text calls
a scope function (memalloc_{nofs,noio,noreclaim,pin,nocma,flags}_{save,restore})
or a header helper that only opens or only closes a scope
(ext4_writepages_down_write(), cifs_server_lock(): kerneltree.scope_helpers),
unless --files. Each runs in clang-tidy with only the check and Verbose: 1, which
prints one line per analysed function (status, ExprEngine nodes, time,
findings kept and dropped, and which layer gave the verdict: the cheap
proof, the engine, both, or none, with the proof's reason).

Accounting: every function definition of a unit whose body calls the API
or such a helper (found from the source text: the call's line, the enclosing
kernel-style function) must appear among the analysed functions; any that does not is
listed with the reason found (for example code the configuration compiles
out).

Writes <out>/run.json (default results/scope-balance-<tree>), the page
(default docs/results/scope-balance-<major.minor>.md) and, next to it,
scope-balance-functions-<tree>.json (each function's verdict and the layer
that gave it, for scripts/results.py), which joins the
findings with the verdicts written by people in
docs/results/scope-balance-verdicts.json, keyed by each finding's
fingerprint (scripts/gfpscope_tools/fingerprint.py; [0123abcd45678901] on
the page).
--render-only writes the page again from run.json (after editing verdicts).
"""

import argparse
import concurrent.futures
import json
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from gfpscope_tools import cli, crashes, diagnostics, kerneltree  # noqa: E402
from gfpscope_tools.fingerprint import fingerprint  # noqa: E402

CHECK = diagnostics.BALANCE_CHECK
API = kerneltree.SCOPE_API
VERDICTS = os.path.join(kerneltree.ROOT, "docs", "results", "scope-balance-verdicts.json")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def expected_functions(tree, rel, helpers=None):
    """(function, [lines]) of the calls of the scope API, or of `helpers`
    (kerneltree.helper_calls()), in a source file."""
    found = {}
    path = os.path.join(tree, rel)
    with open(path, errors="replace") as f:
        lines = f.read().splitlines()
    in_comment = False
    for i, text in enumerate(lines, 1):
        code = text
        if in_comment:
            if "*/" not in code:
                continue
            code, in_comment = code.split("*/", 1)[1], False
        code = re.sub(r"/\*.*?\*/", "", code)
        if "/*" in code:
            code, in_comment = code.split("/*", 1)[0], True
        code = code.split("//", 1)[0]
        if code.lstrip().startswith("#"):
            continue
        if not API.search(code) and not (helpers and helpers.search(code)):
            continue
        name = kerneltree.enclosing_function(path, i)
        found.setdefault(name or "?", []).append(i)
    return found


def build_db(args):
    """<out>/compile_commands.json: every unit the tree's config builds (the
    tree's own database has only the units scripts/prepare-kernel-tree.sh
    found by name). The dry run is the one the preparation cached, when
    there is one."""
    state = os.path.join(os.path.dirname(args.tree), ".gfpscope-" + args.version)
    if not os.path.exists(os.path.join(state, "dry-run.txt")):
        state = args.out_dir
    os.makedirs(args.out_dir, exist_ok=True)
    path = os.path.join(args.out_dir, "compile_commands.json")
    kerneltree.build_db(args.tree, state, path)
    args.db_dir = args.out_dir
    return path


def run(args):
    kerneltree.tools(args)
    helpers = kerneltree.scope_helpers(args.tree)
    calls = kerneltree.helper_calls(helpers)
    db = kerneltree.compile_db(args.tree, build_db(args))
    if args.files:
        files = kerneltree.units(args.tree, args.files, db)
    else:
        files = kerneltree.scope_api_units(args.tree, db, helpers)
    options = {CHECK + ".Verbose": "1"}
    for o in args.option:
        k, v = o.split("=", 1)
        options[CHECK + "." + k] = v
    config = json.dumps({"CheckOptions": options})
    report = {"tree": os.path.basename(args.tree), "kernel": kerneltree.kernel_version(args.tree),
              "plugin": args.plugin_source, "plugin_sha1": args.plugin_sha1,
              "clang_tidy": args.clang_tidy, "options": options, "jobs": args.j,
              "load_before": kerneltree.uptime(), "units": [], "functions": [], "findings": [],
              "errors": [], "crashes": [], "timeouts": [], "expected": {},
              "helpers": helpers}
    seen = {}
    start = time.time()
    sys.stderr.write("%s: %d units, -j%d\n" % (report["tree"], len(files), args.j))
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
        jobs = [pool.submit(kerneltree.run_unit, args, config, f) for f in files]
        for done, job in enumerate(concurrent.futures.as_completed(jobs), 1):
            source, rc, output, seconds = job.result()
            rel = os.path.relpath(source, args.tree)
            directory = db.get(source, (args.tree,))[0]
            findings, errors = diagnostics.parse_unit(output, args.tree, rel, directory)
            crashed = crashes.crashed(rc, output)
            if crashed:
                report["crashes"].append(rel)
            if rc is None:
                report["timeouts"].append(rel)
            report["functions"] += diagnostics.balance_functions(output, directory, args.tree, rel)
            for f in findings:
                f["fingerprint"] = fingerprint(f)
                key = (f["file"], f["line"], f["column"], f["message"])
                if key not in seen:
                    f["units"] = []
                    seen[key] = f
                    report["findings"].append(f)
                seen[key]["units"].append(rel)
            for e in errors:
                e["unit"] = rel
            report["errors"] += errors
            report["expected"][rel] = expected_functions(args.tree, rel, calls)
            report["units"].append({"file": rel, "seconds": round(seconds, 3), "exit": rc,
                                    "crash": crashed, "timeout": rc is None})
            sys.stderr.write("[%d/%d] %.0fs %s %.1fs%s\n" % (
                done, len(files), time.time() - start, rel, seconds,
                " CRASH" if crashed else " TIMEOUT" if rc is None else ""))
    report["seconds"] = round(time.time() - start, 1)
    report["load_after"] = kerneltree.uptime()
    report["units"].sort(key=lambda u: u["file"])
    report["functions"].sort(key=lambda f: (f["file"], f["line"]))
    report["findings"].sort(key=lambda f: (f["file"], f["line"], f["column"]))
    return report


def account(report):
    """Expected (file, function) pairs against the analysed ones. A call whose
    enclosing function the source-text scan could not name ("?": a
    signature it does not recognise) is given to the analysed function of
    the unit's own file that starts last before it."""
    analysed = {}
    starts = {}
    for f in report["functions"]:
        analysed.setdefault((f["unit"], f["name"]), f)
        if f["file"] == f["unit"]:
            starts.setdefault(f["unit"], []).append(f)
    rows = []
    for unit, funcs in sorted(report["expected"].items()):
        named = {}
        for name, lines in funcs.items():
            if name != "?":
                named.setdefault(name, []).extend(lines)
                continue
            for line in lines:
                before = [f for f in starts.get(unit, []) if f["line"] <= line]
                owner = max(before, key=lambda f: f["line"])["name"] if before else "?"
                named.setdefault(owner, []).append(line)
        for name, lines in sorted(named.items()):
            rows.append({"unit": unit, "name": name, "lines": sorted(lines),
                         "analysed": analysed.get((unit, name))})
    return rows


def md_escape(s):
    return s.replace("|", "\\|")


def render(report, doc):
    verdicts = {}
    if os.path.exists(VERDICTS):
        with open(VERDICTS) as f:
            verdicts = json.load(f)
    funcs = report["functions"]
    by_status = {}
    for f in funcs:
        by_status.setdefault(f["status"], []).append(f)
    rows = account(report)
    direct = [r for r in rows if r["name"] != "?"]
    missing = [r for r in direct if not r["analysed"]]
    direct_names = {(r["unit"], r["name"]) for r in direct}
    via_helpers = [f for f in funcs if (f["unit"], f["name"]) not in direct_names]
    ms = [f["ms"] for f in funcs]
    unit_s = [u["seconds"] for u in report["units"]]
    out = ["# linuxkernel-memalloc-scope-balance on Linux %s" % report["kernel"], "",
           "Generated by `scripts/scope-balance-on-tree.py --tree /work/trees/%s` "
           "(do not edit: verdicts live in `docs/results/scope-balance-verdicts.json`)."
           % report["tree"], "",
           "Check options: %s. clang-tidy `%s`, plugin sha1 `%s`, -j%d, %.0f s wall "
           "(load %s before, %s after)." % (
               ", ".join("`%s: %s`" % (k.split(".", 1)[1], v)
                         for k, v in sorted(report["options"].items())),
               report["clang_tidy"], report["plugin_sha1"][:12], report["jobs"],
               report["seconds"], report["load_before"], report["load_after"]), "",
           "## Coverage", "",
           "| | count |", "|---|---|",
           "| translation units (every unit the config builds whose text calls the API or "
           "a header helper that only opens or only closes a scope) | %d |"
           % len(report["units"]),
           "| functions that call a save or restore, or such a helper (from the source text) "
           "| %d |" % len(direct),
           "| ... analysed | %d |" % (len(direct) - len(missing)),
           "| further functions analysed because they call a helper that only saves or "
           "only restores | %d |" % len(via_helpers),
           "| functions analysed in all | %d |" % len(funcs)]
    for status in sorted(by_status):
        out.append("| ... %s | %d |" % (status, len(by_status[status])))
    layers = {}
    for f in funcs:
        layers.setdefault(f.get("verdict", "engine" if f["status"] == "complete" else "none"),
                          []).append(f)
    for layer, text in (("proof", "verdict by the cheap proof (no ExprEngine run)"),
                        ("engine", "verdict by the engine"),
                        ("proof+engine", "verdict by proof and engine (a leak at an exit the "
                         "proof shows open on every path; engine out of budget)"),
                        ("none", "no verdict")):
        out.append("| %s | %d |" % (text, len(layers.get(layer, []))))
    out += ["| findings kept | %d |" % len(report["findings"]),
            "| findings dropped (budget-exhausted functions) | %d |"
            % sum(f["dropped"] for f in funcs),
            "| clang errors / crashes / timeouts | %d / %d / %d |" % (
                len(report["errors"]), len(report["crashes"]), len(report["timeouts"])), ""]
    helpers = report.get("helpers") or {}
    if helpers:
        out += ["Header helpers that only open or only close a scope (from the source text): "
                + ", ".join("`%s` (%s)" % (n, op) for n, op in sorted(helpers.items())) + ".", ""]
    if ms:
        out += ["Time per analysed function (proof, ExprEngine, CFG, reports): median %.1f ms, "
                "90th percentile %.0f ms, 99th percentile %.0f ms, max %.0f ms, sum %.1f s. "
                "Per unit (parse and all checks' work, at -j%d): median %.1f s, max %.1f s, "
                "sum %.0f s." % (
                    statistics.median(ms), sorted(ms)[int(0.9 * (len(ms) - 1))],
                    percentile(ms, 0.99), max(ms), sum(ms) / 1000, report["jobs"],
                    statistics.median(unit_s), max(unit_s), sum(unit_s)), ""]
    if missing:
        out += ["### Functions that call the API but were not analysed", "",
                "| unit | function | lines | why |", "|---|---|---|---|"]
        for r in missing:
            why = verdicts.get("not-analysed:%s:%s" % (r["unit"], r["name"]), {}).get(
                "reason", "(not explained yet)")
            out.append("| %s | `%s` | %s | %s |" % (r["unit"], r["name"],
                                                  ", ".join(map(str, r["lines"])), md_escape(why)))
        out.append("")
    unknown = [r for r in rows if r["name"] == "?"]
    if unknown:
        out += ["Calls outside a recognisable function definition (macros, initialisers): " +
                ", ".join("%s:%s" % (r["unit"], ",".join(map(str, r["lines"]))) for r in unknown),
                ""]
    out += ["## Findings", ""]
    if not report["findings"]:
        out += ["None.", ""]
    counts = {}
    for f in report["findings"]:
        v = verdicts.get(f["fingerprint"], {})
        counts[v.get("verdict", "no verdict")] = counts.get(v.get("verdict", "no verdict"), 0) + 1
    if counts:
        out += ["Verdicts: " + ", ".join("%s %d" % (k, n) for k, n in sorted(counts.items())), ""]
    for f in report["findings"]:
        v = verdicts.get(f["fingerprint"], {})
        out += ["### %s:%d `%s()` [%s]" % (f["file"], f["line"], f.get("function") or "?",
                                           f["fingerprint"]), "",
                "> %s" % f["message"], ""]
        for n in f["notes"]:
            out.append("> - %s:%d: %s" % (n["file"], n["line"], n["message"]))
        out += ["", "**Verdict: %s.** %s" % (v.get("verdict", "no verdict yet"),
                                            v.get("reason", "")), ""]
    unsettled = layers.get("none", [])
    if unsettled:
        out += ["## Functions without a verdict (not reported)", "",
                "Neither the cheap proof nor the engine settled them; their findings are "
                "dropped (the engine's paths were not all explored). The proof's reason is "
                "why it handed the function to the engine.", "",
                "| function | status | nodes | ms | dropped findings | proof | why |",
                "|---|---|---|---|---|---|---|"]
        for f in unsettled:
            why = verdicts.get("no-verdict:%s:%s" % (f["unit"], f["name"]), {}).get(
                "reason", "(not explained yet)")
            out.append("| %s:%d `%s` | %s | %d | %.0f | %d | %s | %s |" % (
                f["file"], f["line"], f["name"], f["status"], f["nodes"], f["ms"],
                f["dropped"], md_escape(f.get("proof") or ""), md_escape(why)))
        out.append("")
    others = [f for s, fs in by_status.items() if s.startswith("skipped") for f in fs]
    if others:
        out += ["## Functions skipped", ""] + ["- %s:%d `%s`: %s" % (
            f["file"], f["line"], f["name"], f["status"]) for f in others] + [""]
    slow = sorted(funcs, key=lambda f: -f["ms"])[:10]
    out += ["## Slowest functions", "", "| function | status | nodes | ms |", "|---|---|---|---|"]
    out += ["| %s:%d `%s` | %s | %d | %.0f |" % (f["file"], f["line"], f["name"], f["status"],
                                                f["nodes"], f["ms"]) for f in slow]
    out += ["", "## Every analysed function", "",
            "| function | unit | status | verdict by | nodes | ms | findings |",
            "|---|---|---|---|---|---|---|"]
    out += ["| %s:%d `%s` | %s | %s | %s | %d | %.1f | %d |" % (
        f["file"], f["line"], f["name"], f["unit"], f["status"], f.get("verdict", "?"),
        f["nodes"], f["ms"], f["kept"]) for f in funcs]
    os.makedirs(os.path.dirname(os.path.abspath(doc)), exist_ok=True)
    with open(doc, "w") as f:
        f.write("\n".join(out) + "\n")


def write_functions(report, doc):
    """Each analysed function's verdict, next to the page
    (scope-balance-functions-<tree>.json), for scripts/results.py's
    docs/results.md."""
    path = os.path.join(os.path.dirname(os.path.abspath(doc)),
                        "scope-balance-functions-%s.json" % report["tree"])
    keep = ("unit", "file", "line", "name", "status", "verdict", "proof", "nodes", "ms",
            "kept", "dropped")
    data = {"tree": report["tree"], "kernel": report["kernel"],
            "plugin_sha1": report["plugin_sha1"], "jobs": report["jobs"],
            "findings": len(report["findings"]),
            "functions": [{k: f.get(k) for k in keep} for f in report["functions"]]}
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    return path


@cli.main
def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tree", required=True)
    p.add_argument("--files", nargs="*")
    p.add_argument("--option", action="append", default=[], help="Name=Value of the check")
    kerneltree.add_tool_options(p)
    p.add_argument("-j", type=int, default=os.cpu_count())
    p.add_argument("--timeout", type=float, default=1800)
    p.add_argument("--out")
    p.add_argument("--doc")
    p.add_argument("--render-only", action="store_true")
    args = p.parse_args()
    args.tree = os.path.realpath(args.tree)
    args.check_names, args.extra_arg = [CHECK], []   # for kerneltree.run_unit
    name = os.path.basename(args.tree)
    out = args.out or os.path.join(kerneltree.ROOT, "results", "scope-balance-" + name)
    version = ".".join(kerneltree.kernel_version(args.tree).split(".")[:2])
    doc = args.doc or os.path.join(kerneltree.ROOT, "docs", "results", "scope-balance-%s.md" % version)
    args.out_dir, args.version = os.path.abspath(out), version
    path = os.path.join(out, "run.json")
    if args.render_only:
        with open(path) as f:
            report = json.load(f)
    else:
        report = run(args)
        os.makedirs(out, exist_ok=True)
        with open(path, "w") as f:
            json.dump(report, f, indent=1)
    render(report, doc)
    functions = write_functions(report, doc)
    sys.stderr.write("wrote %s, %s and %s\n" % (path, doc, functions))
    return 1 if report["crashes"] or report["timeouts"] else 0


if __name__ == "__main__":
    sys.exit(main())
