#!/usr/bin/env python3
"""Generates docs/results.md from the files that scripts/results.sh leaves in
docs/results/ (do not edit docs/results.md by hand):

  findings-<tree>.json   scripts/run-on-tree.py over every unit of the tree
  list-2018-<tree>.json  scripts/check-2018-list.sh (Hocko's 2018 list)
  bench-<tree>.json      scripts/bench.py, overhead-<tree>.png its plot
  validate-fixes-<tree>.txt  scripts/validate-fixes.sh, when it exists
  scope-balance-functions-<tree>.json  scripts/scope-balance-on-tree.py
  verdicts.json          hand-maintained: verdicts keyed by finding fingerprint
  bench-notes.md         hand-maintained: what the profiles say

  scripts/results.py [--docs DIR]               render docs/results.md
  scripts/results.py --import-findings F.json   copy a findings.json into docs/results/
  scripts/results.py --import-bench B.json      copy a bench.json (and its plot)
"""

import argparse
import glob
import json
import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from gfpscope_tools import cli  # noqa: E402
from gfpscope_tools.fingerprint import fingerprint  # noqa: E402
from gfpscope_tools.kerneltree import ROOT  # noqa: E402

HOCKO = ["drivers/mtd/ubi/io.c", "fs/ext4/xattr.c", "fs/gfs2/dir.c", "fs/gfs2/quota.c",
         "fs/nfs/blocklayout/extent_tree.c", "fs/ubifs/debug.c", "fs/ubifs/lprops.c",
         "fs/ubifs/lpt_commit.c", "fs/ubifs/orphan.c"]


def tree_key(name):
    m = re.search(r"(\d+)\.(\d+)", name)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def load(path, default=None):
    if default is not None and not os.path.exists(path):
        return default
    with open(path) as f:
        try:
            return json.load(f)
        except json.JSONDecodeError as e:
            raise cli.InputError("%s: not valid JSON: %s" % (path, e))


# ---------------------------------------------------------------- import

def import_findings(path, docs):
    r = load(path)
    units = r["units"]
    r["unit_count"] = len(units)
    r["unit_seconds"] = round(sum(u["seconds"] for u in units), 1)
    r["units"] = [u for u in units if u["findings"] or u["errors"] or u.get("crash") or u.get("timeout")]
    for f in r["findings"]:
        f["fingerprint"] = fingerprint(f)
    out = os.path.join(docs, "findings-%s.json" % r["tree"])
    with open(out, "w") as f:
        json.dump(r, f, indent=1)
    print("wrote %s" % out)


def import_sanitizer(path, docs):
    """The summary of a run-on-tree.py run with the ASan+UBSan build: its
    counts, and the fingerprints of its findings (compared with the plain
    run's)."""
    r = load(path)
    keep = ("tree", "kernel", "plugin", "plugin_sha1", "clang_tidy", "jobs", "timeout",
            "load_before", "load_after", "seconds", "gfpscope_commit")
    s = {k: r[k] for k in keep if k in r}
    s["units"] = len(r["units"])
    s["errors"] = len(r["errors"])
    s["crashes"] = r["crashes"]
    s["timeouts"] = r["timeouts"]
    s["finding_fingerprints"] = sorted(fingerprint(f) for f in r["findings"])
    out = os.path.join(docs, "sanitizer-%s.json" % r["tree"])
    with open(out, "w") as f:
        json.dump(s, f, indent=1)
    print("wrote %s" % out)


def section_sanitizer(docs, trees, out):
    runs = sorted((load(p) for p in glob.glob(os.path.join(docs, "sanitizer-*.json"))),
                  key=lambda s: tree_key(s["tree"]))
    if not runs:
        return
    plain = {name: sorted(f["fingerprint"] for f in r["findings"]) for name, r in trees}
    out += ["## Under ASan and UBSan", "",
            "`scripts/results.sh --asan`: the same run with gfpscope built with "
            "`-fsanitize=address,undefined` (`scripts/build.sh 22 asan`, "
            "[docs/robustness.md](robustness.md)); a sanitizer report ends the process and "
            "counts as a crash.", "",
            "| tree | gfpscope | units | findings | same findings as the plain run | clang errors "
            "| crashes and sanitizer reports | timeouts | wall |",
            "|---|---|---|---|---|---|---|---|---|"]
    for s in runs:
        same = plain.get(s["tree"])
        out.append("| %s | `%s` | %d | %d | %s | %d | %d | %d | %.0f s at -j%d |" % (
            s["tree"], s.get("gfpscope_commit", "?"), s["units"], len(s["finding_fingerprints"]),
            "?" if same is None else ("yes" if same == s["finding_fingerprints"] else
                                      "no (the code changed in between: see the commit)"),
            s["errors"], len(s["crashes"]), len(s["timeouts"]), s["seconds"], s["jobs"]))
    out.append("")


def import_bench(path, docs):
    b = load(path)
    for u in b.get("units", []):
        for r in u["runs"].values():
            r.pop("output", None)
    # A sample of the whole build sits beside the API units' benchmark.
    kind = "bench-build-" if b.get("units_from") == "build" else "bench-"
    out = os.path.join(docs, "%s%s.json" % (kind, b["tree"]))
    with open(out, "w") as f:
        json.dump(b, f, indent=1)
    png = os.path.join(os.path.dirname(path), "overhead.png")
    if os.path.exists(png) and kind == "bench-":
        shutil.copy(png, os.path.join(docs, "overhead-%s.png" % b["tree"]))
    print("wrote %s" % out)


# ---------------------------------------------------------------- render

def fmt(x, spec="%.2f"):
    return "–" if x is None else spec % x


def md_escape(s):
    return s.replace("|", "\\|")


def section_findings(trees, verdicts, out):
    out += ["## Findings", "",
            "`scripts/run-on-tree.py` over every translation unit of each tree that names the vmalloc "
            "family or the scope API (the tree's `.gfpscope-prepared` list), all `linuxkernel-*` checks "
            "the plugin has, `-j` = cores. Full reports (per check, per file, per function, with notes): "
            "`results/<tree>/findings.md` after a run; the JSON is kept in "
            "[docs/results/](results/).", ""]
    out += ["| tree | kernel | checks | units | findings | units with clang errors | crashes | timeouts | wall |",
            "|---|---|---|---|---|---|---|---|---|"]
    for name, r in trees:
        out.append("| %s | %s | %s | %d | %d | %d | %d | %d | %.0f s at -j%d |" % (
            name, r["kernel"], ", ".join("`%s`" % c for c in r["check_names"]), r["unit_count"],
            len(r["findings"]), len({e["unit"] for e in r["errors"]}), len(r["crashes"]),
            len(r.get("timeouts", [])), r["seconds"], r["jobs"]))
    out.append("")
    out += ["Per check (findings / reviewed / unreviewed):", ""]
    checks = sorted({c for _, r in trees for c in r["check_names"]} | {f["check"] for _, r in trees for f in r["findings"]})
    out += ["| check | " + " | ".join(n for n, _ in trees) + " |", "|---|" + "---|" * len(trees)]
    for c in checks:
        cells = []
        for _, r in trees:
            fs = [f for f in r["findings"] if f["check"] == c]
            rev = sum(1 for f in fs if f["fingerprint"] in verdicts)
            cells.append("%d / %d / %d" % (len(fs), rev, len(fs) - rev) if c in r["check_names"] else "not in plugin")
        out.append("| `%s` | %s |" % (c, " | ".join(cells)))
    out.append("")
    counts = {}
    for _, r in trees:
        for f in r["findings"]:
            v = verdicts.get(f["fingerprint"], {}).get("verdict", "unreviewed")
            counts.setdefault(v, {}).setdefault(r["tree"], 0)
            counts[v][r["tree"]] += 1
    if counts:
        out += ["Verdicts:", "", "| verdict | " + " | ".join(n for n, _ in trees) + " |",
                "|---|" + "---|" * len(trees)]
        for v in sorted(counts):
            out.append("| %s | %s |" % (v, " | ".join(str(counts[v].get(n, 0)) for n, _ in trees)))
        out.append("")
    out += ["Verdicts come from `docs/results/verdicts.json` (hand-maintained, keyed by the fingerprint "
            "of (file, function, check, message), so they survive line moves; the message names the "
            "kernel's rules, so 5.10 findings (the pre-5.17 rules) have their own entries, while a 6.1 and a "
            "6.12 finding with the same file, function and message share one). Verdict words: "
            "**bug** (a deadlock hazard or wrong behaviour on that kernel), **style** (correct on that "
            "kernel, the finding is about the mm maintainers' guidance), **false positive** (the "
            "check is wrong), **unreviewed**.", ""]
    for name, r in trees:
        out += ["### %s (Linux %s)" % (name, r["kernel"]), ""]
        if not r["findings"]:
            out += ["No findings.", ""]
        for c in sorted({f["check"] for f in r["findings"]}):
            out += ["#### %s" % c, "", "| file:line | function | message | verdict | reason |", "|---|---|---|---|---|"]
            for f in [f for f in r["findings"] if f["check"] == c]:
                v = verdicts.get(f["fingerprint"], {})
                out.append("| `%s:%d` | `%s` | %s | %s | %s |" % (
                    f["file"], f["line"], f["function"] or "?", md_escape(f["message"]),
                    v.get("verdict", "unreviewed"), md_escape(v.get("reason", ""))))
            out.append("")
        if r["errors"]:
            by_unit = {}
            for e in r["errors"]:
                by_unit.setdefault(e["unit"], []).append(e)
            out += ["clang errors (%d units; the checks ran on what clang could parse):" % len(by_unit), ""]
            for unit in sorted(by_unit):
                e = by_unit[unit][0]
                out.append("- `%s`: %d errors, first `%s:%d`: %s" % (unit, len(by_unit[unit]), e["file"], e["line"],
                                                                    md_escape(e["message"])))
            out.append("")
        for what in ("crashes", "timeouts"):
            if r.get(what):
                out += ["%s: %s" % (what, ", ".join("`%s`" % u for u in r[what])), ""]


def section_2018(lists, trees, out):
    out += ["## Michal Hocko's 2018 list", "",
            "The files of \"vmalloc with GFP_NOFS\" (linux-mm, 24 April 2018), what "
            "`linuxkernel-vmalloc-nofs` reports in each of them (by function), and a one-line grep "
            "(family call and `GFP_NOFS`/`GFP_NOIO` on one line) as an independent oracle. "
            "`scripts/check-2018-list.sh <tree>` (details per tree: "
            + ", ".join("[%s](results/vmalloc-nofs-%s.md)" % (n, n) for n in sorted(lists, key=tree_key)) + ").", ""]
    names = sorted(lists, key=tree_key)
    out += ["| file | " + " | ".join("%s: check (grep)" % n for n in names) + " |", "|---|" + "---|" * len(names)]
    for path in HOCKO:
        cells = []
        for n in names:
            L = lists[n]
            if path not in L["files"]:
                cells.append("not in tree")
                continue
            fs = [f for f in L["findings"] if f["file"] == path]
            grep = [g for g in L["grep"] if g["file"] == path]
            funcs = {}
            for f in fs:
                funcs[f["function"] or "?"] = funcs.get(f["function"] or "?", 0) + 1
            cell = "%d (%d)" % (len(fs), len(grep))
            if funcs:
                cell += ": " + ", ".join("`%s`%s" % (fn, " ×%d" % k if k > 1 else "") for fn, k in sorted(funcs.items()))
            if path not in L.get("in_db", L["files"]):
                cell += " (not in the compile database)"
            cells.append(cell)
        out.append("| `%s` | %s |" % (path, " | ".join(cells)))
    out.append("")
    for n in names:
        L = lists[n]
        found = {(f["file"], f["line"]) for f in L["findings"] if f["file"] in HOCKO}
        grep = {(g["file"], g["line"]) for g in L["grep"] if g["file"] in HOCKO}
        out.append("- %s: %d findings in the 9 files, grep %d, both %d; only the check: %s; only grep: %s." % (
            n, len(found), len(grep), len(found & grep),
            ", ".join("`%s:%d`" % x for x in sorted(found - grep)) or "none",
            ", ".join("`%s:%d`" % x for x in sorted(grep - found)) or "none"))
    out.append("")
    msgs = {}
    for n in names:
        for f in lists[n]["findings"]:
            if f["file"] in HOCKO:
                msgs.setdefault(n, set()).add(re.sub(r"'[^']*'", "'…'", f["message"]))
    for n in names:
        if msgs.get(n):
            out.append("- what the check says on %s: %s" % (n, "; ".join("\"%s\"" % m for m in sorted(msgs[n]))))
    out.append("")
    out += ["Kernel history (shared/spec/kernel-facts.md §5): none of these calls was converted to the "
            "scope API in mainline up to 6.1; they became correct with 451769ebb7e7 (v5.17), when "
            "vmalloc started to emulate the NOFS/NOIO scope itself. On 5.10 they are deadlock hazards "
            "(page tables allocated with GFP_KERNEL); on 6.1 and 6.12 the findings are the style guidance. "
            "`fs/ext4/xattr.c` differs: on 5.10 `ext4_xattr_inode_cache_find` allocates with "
            "GFP_KERNEL under the jbd2 handle's NOFS scope, while 6.1.192 carries the 2025 backport "
            "1534f72dc2a1 that switched it back to `kvmalloc(…, GFP_NOFS)`.", ""]


def section_bench(benches, docs, out):
    out += ["## Benchmark", ""]
    if not benches:
        out += ["No benchmark yet: `scripts/bench.py --tree <tree>` then `scripts/results.sh --render-only`.", ""]
        return
    for name, b in benches:
        s = b["summary"]
        whole_build = b.get("units_from") == "build"
        out += ["### %s (Linux %s)%s, gfpscope %s" % (
            name, b["kernel"], ": every unit the config builds" if whole_build else "",
            b["gfpscope"]), ""]
        units = ("units the tree's config builds (`--units-from build`: kbuild's dry run, "
                 "not only the API users)" if whole_build else "units")
        sample = ("a seeded random sample of %d of the %d %s (`--sample %d --seed %d`)" % (
            b["sample_units"], b["corpus_units"], units, b["sample"], b["seed"])
            if b.get("sample") and b["sample_units"] < b["corpus_units"] else "all %d %s" % (b["corpus_units"], units))
        out += ["Per-unit runs on %s, the tools one after the other in an order that rotates from unit to "
                "unit; %s to %s on %d cores, gfpscope `%s`; %s, %s, %s." % (
                    sample, b["started"], b.get("finished", "?"), b["nproc"], b["gfpscope"],
                    b["versions"]["clang"], b["versions"]["clang-tidy"], b["versions"].get("spatch") or "no spatch"), "",
                "Load (`uptime`): at the start `%s`; after the per-unit phase `%s`; at the end `%s`. "
                "Median 1-minute load during the per-unit runs: %s." % (
                    b["load_start"].split("load average:")[-1].strip(),
                    b.get("load_after_units", "?").split("load average:")[-1].strip(),
                    b.get("load_end", "?").split("load average:")[-1].strip(),
                    fmt(sorted(u["load"] for u in b["units"])[len(b["units"]) // 2] if b["units"] else None)), ""]
        out += ["| tool | command | units | median wall | median CPU | median peak RSS | wall / parse (median, p90, max) | CPU / parse | RSS / parse (median, max) |",
                "|---|---|---|---|---|---|---|---|---|"]
        what = {"parse": "(a) `clang -fsyntax-only`, the unit's own flags",
                "tidy": "clang-tidy with the plugin and no check that runs on C (`-checks=-*,modernize-use-nullptr`): clang-tidy's floor",
                "ctidy": "clang-tidy with upstream's C check `linuxkernel-must-check-errs` (one AST matcher): the floor of any matcher-based check on C",
                "gfpscope": "(b) `clang-tidy --load=gfpscope.so`, %s" % ", ".join("`%s`" % c for c in b["check_names"]),
                "path": "(b') only `linuxkernel-memalloc-scope-balance`",
                "analyzer": "(c) `clang-analyzer-core.*,clang-analyzer-unix.*`",
                "cocci": "(d) `spatch` [scripts/cocci/vmalloc-nofs.cocci](../scripts/cocci/vmalloc-nofs.cocci)"}
        for t in b["tools"]:
            v, r = s["tools"][t], s["ratios"].get(t)
            out.append("| %s | %s | %d%s | %s s | %s s | %.0f MiB | %s | %s | %s |" % (
                t, what[t], v["n"], " (%d failed)" % v["failed"] if v["failed"] else "", fmt(v["wall"], "%.3f"),
                fmt(v["cpu"], "%.3f"), v["rss_mib"],
                "%s, %s, %s" % (fmt(r["wall"]["median"]), fmt(r["wall"]["p90"]), fmt(r["wall"]["max"])) if r else "1",
                fmt(r["cpu"]["median"]) if r else "1",
                "%s, %s" % (fmt(r["rss"]["median"]), fmt(r["rss"]["max"])) if r else "1"))
        out.append("")
        if b.get("corpus"):
            out += ["Whole corpus (%d units), each tool alone at -j%d:" % (b["corpus_units"], next(iter(b["corpus"].values()))["jobs"]), "",
                    "| tool | wall | / parse | CPU (sum) | max peak RSS | failed runs | runs with clang errors | load before → after |",
                    "|---|---|---|---|---|---|---|---|"]
            pw = b["corpus"].get("parse", {}).get("wall")
            for t, c in b["corpus"].items():
                out.append("| %s | %.0f s (%.1f min) | %s | %.0f s | %.0f MiB | %d | %d | %s → %s |" % (
                    t, c["wall"], c["wall"] / 60, fmt(c["wall"] / pw if pw else None), c["cpu"], c["rss_max_mib"],
                    len(c["failed"]), len(c["errors"]),
                    c["load_before"].split("load average:")[-1].strip(), c["load_after"].split("load average:")[-1].strip()))
            out.append("")
        tot = sum(s["tools"][t]["wall_total"] for t in b["tools"])
        if b["units"]:
            out += ["The per-unit phase took %.0f s for %d units × %d tools (plus one profiled run each): "
                    "about %.1f min for all %d units." % (
                        b.get("units_seconds", tot), len(b["units"]), len(b["tools"]),
                        b.get("units_seconds", tot) / len(b["units"]) * b["corpus_units"] / 60, b["corpus_units"]), ""]
        # The plot belongs to the full run with the analyzer (bench-<tree>.json).
        png = "overhead-%s.png" % name
        if not whole_build and "analyzer" in b["tools"] and os.path.exists(os.path.join(docs, png)):
            out += ["![per-unit overhead over the parse floor, %s](results/%s)" % (name, png), ""]
        out += ["Targets:", "", "| target | measured | met |", "|---|---|---|"]
        t = s["targets"]
        if "gfpscope_over_parse" in t:
            x = t["gfpscope_over_parse"]
            out.append("| (b)/(a) ≤ 1.10 in median (wall) | wall %s, CPU %s | %s |" % (
                fmt(x["wall"], "%.3f"), fmt(x["cpu"], "%.3f"), "yes" if x["met"] else "**no**"))
            tidy = s["ratios"].get("tidy")
            if whole_build:   # issue 14: a make clang-tidy run is mostly units without the APIs
                out.append("| (b)/(a) ≤ 1.04 in median (wall) on the whole build's units (issue 14; "
                           "clang-tidy's floor here: %s) | wall %s | %s |" % (
                               fmt(tidy["wall"]["median"], "%.3f") if tidy else "not measured",
                               fmt(x["wall"], "%.3f"),
                               "yes" if x["wall"] is not None and x["wall"] <= 1.04 else "**no**"))
            else:             # issue 14 on the units that use the APIs
                walk_tool = "ctidy" if s["ratios"].get("ctidy") else "path"
                walk = s["ratios"].get(walk_tool)
                out.append("| (b)/(a) ≤ 1.05 in median (wall) on the units that use the APIs (issue 14; "
                           "clang-tidy's floor %s, the `MatchFinder` walk's floor (`%s`) %s) | wall %s | %s |" % (
                               fmt(tidy["wall"]["median"], "%.3f") if tidy else "not measured",
                               walk_tool,
                               fmt(walk["wall"]["median"], "%.3f") if walk else "not measured",
                               fmt(x["wall"], "%.3f"),
                               "yes" if x["wall"] is not None and x["wall"] <= 1.05 else "**no**"))
                corpus = b.get("corpus") or {}
                if "gfpscope" in corpus and corpus.get("parse", {}).get("wall"):
                    r = corpus["gfpscope"]["wall"] / corpus["parse"]["wall"]
                    out.append("| whole corpus at -j%d ≤ 1.10× the parse's wall time (issue 14) | %.3f (%.0f s / %.0f s) | %s |" % (
                        corpus["gfpscope"]["jobs"], r, corpus["gfpscope"]["wall"], corpus["parse"]["wall"],
                        "yes" if r <= 1.10 else "**no**"))
        if "path_over_analyzer" in t:
            x = t["path_over_analyzer"]
            pv = s["path_vs_analyzer"]
            out.append("| path pass ≤ 25%% of (c): median per unit of (b'−a)/(c−a), the analysis cost above the parse | "
                       "wall %s, CPU %s (sums: wall %s, CPU %s; whole runs b'/c: %s) | %s |" % (
                           fmt(x["wall"], "%.3f"), fmt(x["cpu"], "%.3f"), fmt(pv["wall"]["cost_sum_ratio"], "%.3f"),
                           fmt(pv["cpu"]["cost_sum_ratio"], "%.3f"), fmt(pv["wall"]["total_median"], "%.3f"),
                           "yes" if x["met"] else "**no**"))
        elif not whole_build:
            out.append("| path pass ≤ 25% of (c) | not measured: no `path` and `analyzer` runs | – |")
        if "rss_over_parse" in t:
            x = t["rss_over_parse"]
            out.append("| peak memory ≤ 1.2× (a), median per unit | median %s, max %s | %s |" % (
                fmt(x["median"], "%.3f"), fmt(x["max"], "%.3f"), "yes" if x["met"] else "**no**"))
        out.append("")
        if s.get("profile"):
            out += ["Per-check time from `--enable-check-profile` (an extra, untimed gfpscope run per unit; "
                    "the time spent in each check's callbacks, wall):", "",
                    "| check | median per unit | max | sum over the units |", "|---|---|---|---|"]
            for c, v in sorted(s["profile"].items(), key=lambda kv: -kv[1]["sum"]):
                out.append("| `%s` | %.4f s | %.3f s | %.2f s |" % (c, v["median"], v["max"], v["sum"]))
            out.append("")
        slow = sorted((u for u in b["units"] if "parse" in u["runs"] and "gfpscope" in u["runs"]),
                      key=lambda u: -u["runs"]["gfpscope"]["wall"] / u["runs"]["parse"]["wall"])[:5]
        if slow:
            out += ["Highest (b)/(a) units: " + ", ".join(
                "`%s` %.2f" % (u["file"], u["runs"]["gfpscope"]["wall"] / u["runs"]["parse"]["wall"]) for u in slow) + ".", ""]
    notes = os.path.join(docs, "bench-notes.md")
    if os.path.exists(notes):
        with open(notes) as f:
            out += [f.read().strip(), ""]


def section_cocci(trees, benches, out):
    rows = []
    for name, b in benches:
        cf = b.get("cocci_corpus_findings")
        scope = "the whole corpus"
        if cf is None:
            cf = [dict(f) for u in b["units"] for f in u.get("cocci", [])]
            scope = "the %d sampled units" % len(b["units"])
            files = {u["file"] for u in b["units"]}
        else:
            files = None
        r = dict(trees).get(name)
        if not r or not cf and files is not None and not files:
            continue
        check = {(f["file"], f["line"]) for f in r["findings"] if f["check"] == "linuxkernel-vmalloc-nofs"
                 and f["file"].endswith(".c") and (files is None or f["file"] in files)}
        cocci = {(f["file"], f["line"]) for f in cf}
        rows.append((name, scope, check, cocci))
    if not rows:
        return
    out += ["## Coccinelle and the check", "",
            "`linuxkernel-vmalloc-nofs` against [scripts/cocci/vmalloc-nofs.cocci](../scripts/cocci/vmalloc-nofs.cocci) "
            "(report mode, one file at a time as `scripts/coccicheck` runs it with `C=1`), on the .c files "
            "(Coccinelle with `--no-includes` does not look into headers), matched by file and line.", ""]
    for name, scope, check, cocci in rows:
        out.append("- %s, %s: both %d; only the check %d%s; only Coccinelle %d%s." % (
            name, scope, len(check & cocci), len(check - cocci),
            " (" + ", ".join("`%s:%d`" % x for x in sorted(check - cocci)[:30]) + ")" if check - cocci else "",
            len(cocci - check),
            " (" + ", ".join("`%s:%d`" % x for x in sorted(cocci - check)[:30]) + ")" if cocci - check else ""))
    out += ["", "Differences by design: the check evaluates masks by value with the unit's own gfp bits, "
            "follows wrappers that pass their `gfp_t` on (`ceph_kvmalloc`-style helpers), and sees "
            "calls that macros produce; the semantic patch matches names (`GFP_NOFS`, `GFP_NOIO`, "
            "`& ~__GFP_FS`), is intraprocedural and does not expand macros.", ""]


def section_validate(docs, out):
    out += ["## Fix validation", ""]
    files = sorted(glob.glob(os.path.join(docs, "validate-fixes-*.txt")), key=tree_key)
    if not os.path.exists(os.path.join(ROOT, "scripts", "validate-fixes.sh")):
        out += ["**TODO**: `scripts/validate-fixes.sh` (applying the fix-its on the trees and rebuilding, "
                "issue 6 part 2) does not exist yet; `scripts/results.sh` runs it on each tree and puts its "
                "output here once it does.", ""]
        return
    if not files:
        out += ["**TODO**: `scripts/validate-fixes.sh` exists but `scripts/results.sh` has not run it yet.", ""]
        return
    for path in files:
        with open(path, errors="replace") as f:
            text = f.read().strip()
        out += ["`%s`:" % os.path.basename(path), "", "```", text[-6000:], "```", ""]


def section_scope_verdicts(docs, out):
    """Which layer of linuxkernel-memalloc-scope-balance settled each
    function (scripts/scope-balance-on-tree.py's
    scope-balance-functions-<tree>.json)."""
    runs = sorted((load(p) for p in glob.glob(os.path.join(docs, "scope-balance-functions-*.json"))),
                  key=lambda r: tree_key(r["tree"]))
    if not runs:
        return
    out += ["## Scope balance: a verdict per function", "",
            "`scripts/scope-balance-on-tree.py` over every unit the config builds whose "
            "text calls the scope API or a header helper that only opens or only closes a "
            "scope (`ext4_writepages_down_write()`, `cifs_server_lock()`, ...): the cheap "
            "proof (path-insensitive, `lib/ScopeProof`) first, ExprEngine for what it does "
            "not settle. A function without a verdict is never reported.", "",
            "| tree | functions analysed | proven by the cheap proof | verdict by the engine | "
            "proof and engine (leak found past the budget) | findings | no verdict | "
            "ms per function: median / p99 |", "|---|---|---|---|---|---|---|---|"]
    for r in runs:
        fs = r["functions"]
        n = {k: sum(1 for f in fs if f.get("verdict") == k)
             for k in ("proof", "engine", "proof+engine", "none")}
        ms = sorted(f["ms"] for f in fs)
        p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))] if ms else 0
        out.append("| %s (%s) | %d | %d | %d | %d | %d | %d | %s / %s |" % (
            r["tree"], r["kernel"], len(fs), n["proof"], n["engine"], n["proof+engine"],
            r["findings"], n["none"], fmt(ms[len(ms) // 2] if ms else 0, "%.1f"), fmt(p99, "%.0f")))
    out.append("")
    why = load(os.path.join(docs, "scope-balance-verdicts.json"), {})
    for r in runs:
        none = [f for f in r["functions"] if f.get("verdict") == "none"]
        if none:
            out += ["Without a verdict on %s (the engine's status; why the proof handed it "
                    "over; the reason, from docs/results/scope-balance-verdicts.json):" % r["tree"],
                    ""]
            out += ["- %s:%d `%s`: %s; proof: %s. %s" % (
                f["file"], f["line"], f["name"], f["status"],
                md_escape(f.get("proof") or "not run"),
                md_escape(why.get("no-verdict:%s:%s" % (f["unit"], f["name"]), {}).get(
                    "reason", "(not explained yet)"))) for f in none]
            out.append("")


def section_audit(docs, out):
    """The tree-wide NOFS audit (scripts/nofs-audit.py's report.json, kept
    as docs/results/audit-<tree>.json; the full report beside it as .md)."""
    runs = sorted((load(p) for p in glob.glob(os.path.join(docs, "audit-linux-*.json"))),
                  key=lambda r: tree_key(r["title"].split()[0]))
    if not runs:
        return
    out += ["## The tree-wide NOFS audit", "",
            "`scripts/nofs-audit.py` (docs/audit.md): every explicit NOFS/NOIO mask of the "
            "units under fs/, block/, drivers/md/ and mm/, judged over the call graph of all "
            "of them: *redundant* (every call chain runs it inside a covering scope), "
            "*needed* (a chain from a system call runs it outside any), *unknown* (indirect "
            "callers, exported functions, callers outside the analysed units).", "",
            "| tree | units | functions | call edges | sites | redundant | needed | unknown | "
            "merge (s) | report | redundant verdicts checked by hand |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        c = r["counts"]
        name = r["title"].split()[0]
        out.append("| %s | %d | %d | %d | %d | %d | %d | %d | %s | [audit-%s.md](results/audit-%s.md) | %s |"
                   % (r["title"], r["units"], r["functions"], r["edges"], c["sites"],
                      c["redundant"], c["needed"], c["unknown"], fmt(r.get("seconds"), "%.1f"),
                      name, name, handcheck_summary(docs, name)))
    out.append("")


def handcheck_summary(docs, name):
    """The "**Result: ...**" line of docs/results/audit-handcheck-<tree>.md
    with a link, or 'none'."""
    path = os.path.join(docs, "audit-handcheck-%s.md" % name)
    if not os.path.exists(path):
        return "none"
    with open(path) as f:
        m = re.search(r"\*\*Result: (.*?)\*\*", f.read())
    return "%s ([hand-check](results/audit-handcheck-%s.md))" % (m.group(1) if m else "see", name)


def render(docs):
    verdicts = load(os.path.join(docs, "verdicts.json"), {})
    verdicts = {k: v for k, v in verdicts.items() if not k.startswith("_")}
    trees = sorted(((load(p)["tree"], load(p)) for p in glob.glob(os.path.join(docs, "findings-*.json"))),
                   key=lambda x: tree_key(x[0]))
    for _, r in trees:   # the one fingerprint, whatever an older import stored
        for f in r["findings"]:
            f["fingerprint"] = fingerprint(f)
    lists = {load(p)["tree"]: load(p) for p in glob.glob(os.path.join(docs, "list-2018-*.json"))}
    # Per tree, the newest run first.
    benches = sorted(((load(p)["tree"], load(p)) for p in glob.glob(os.path.join(docs, "bench-*.json"))),
                     key=lambda x: x[1]["started"], reverse=True)
    benches = sorted(benches, key=lambda x: tree_key(x[0]))
    kernels = [r["kernel"] for _, r in trees]
    out = ["# gfpscope results on Linux %s" % (
               ", ".join(kernels[:-1]) + " and " + kernels[-1] if len(kernels) > 1 else "".join(kernels)), "",
           "<!-- Generated by scripts/results.sh (scripts/results.py) on %s; do not edit. "
           "Verdicts: docs/results/verdicts.json; profile notes: docs/results/bench-notes.md. -->" %
           time.strftime("%Y-%m-%d %H:%M"), "",
           "Debian's linux-source trees prepared with `scripts/prepare-kernel-tree.sh` "
           "([docs/kernel-trees.md](kernel-trees.md)). Regenerate everything with "
           "`scripts/results.sh` (see the README's \"Results and benchmarks\").", ""]
    unmatched = set(verdicts) - {f["fingerprint"] for _, r in trees for f in r["findings"]}
    section_findings(trees, verdicts, out)
    if unmatched:
        out += ["Verdicts that match no current finding (the code or the message changed): %s." %
                ", ".join("`%s` (%s, %s)" % (k, verdicts[k].get("file", "?"), verdicts[k].get("function", "?"))
                          for k in sorted(unmatched)), ""]
    if lists:
        section_2018(lists, trees, out)
    section_scope_verdicts(docs, out)
    section_audit(docs, out)
    section_sanitizer(docs, trees, out)
    section_bench(benches, docs, out)
    section_cocci(trees, benches, out)
    section_validate(docs, out)
    path = os.path.join(os.path.dirname(docs), "results.md")
    with open(path, "w") as f:
        f.write("\n".join(out).rstrip() + "\n")
    print("wrote %s" % path)


@cli.main
def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--docs", default=os.path.join(ROOT, "docs", "results"))
    p.add_argument("--import-findings")
    p.add_argument("--import-bench")
    p.add_argument("--import-sanitizer")
    args = p.parse_args()
    os.makedirs(args.docs, exist_ok=True)
    if args.import_findings:
        import_findings(args.import_findings, args.docs)
    if args.import_bench:
        import_bench(args.import_bench, args.docs)
    if args.import_sanitizer:
        import_sanitizer(args.import_sanitizer, args.docs)
    if not (args.import_findings or args.import_bench or args.import_sanitizer):
        render(args.docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
