"""Rendering findings: clang's one-line format (baseline.py) and
run-on-tree.py's markdown report (findings.md)."""


def clang_style(f):
    """`file:line:col: warning: message [check]`, as clang-tidy prints it
    (editors and CI annotate such lines)."""
    where = "%s:%d:%d" % (f["file"], f["line"], f["column"]) if f["line"] else f["file"]
    return "%s: %s: %s [%s]" % (where, f["level"], f["message"], f["check"])


def note_style(n):
    return "%s:%d:%d: note: %s" % (n["file"], n["line"], n["column"], n["message"])


def markdown(report):
    out = ["# gfpscope findings on %s" % report["tree"], "",
           "Linux %s; checks %s; %d translation units in %.0f s at -j%d (load before: %s); "
           "%d findings, %d units with clang errors, %d crashes, %d timeouts." % (
               report["kernel"], ", ".join("`%s`" % c for c in report["check_names"]) or "none",
               len(report["units"]), report["seconds"], report["jobs"], report["load_before"],
               len(report["findings"]), len({e["unit"] for e in report["errors"]}),
               len(report["crashes"]), len(report["timeouts"])), ""]
    counts = {}
    for f in report["findings"]:
        counts[f["check"]] = counts.get(f["check"], 0) + 1
    out += ["| check | findings |", "|---|---|"]
    out += ["| `%s` | %d |" % (c, counts.get(c, 0)) for c in sorted(set(report["check_names"]) | set(counts))]
    out.append("")
    by_check = {}
    for f in report["findings"]:
        by_check.setdefault(f["check"], {}).setdefault(f["file"], {}).setdefault(
            f["function"] or "?", []).append(f)
    for check in sorted(by_check):
        out += ["## %s" % check, ""]
        for path in sorted(by_check[check]):
            out += ["### %s" % path, ""]
            funcs = by_check[check][path]
            for func in sorted(funcs, key=lambda fn: min(f["line"] for f in funcs[fn])):
                out.append("- `%s()`" % func)
                for f in sorted(funcs[func], key=lambda f: (f["line"], f["column"])):
                    out.append("  - line %d: %s `[%s]`" % (f["line"], f["message"], f["fingerprint"]))
                    for n in f["notes"]:
                        out.append("    - note, %s:%d: %s" % (n["file"], n["line"], n["message"]))
            out.append("")
    if report["errors"]:
        out += ["## clang errors", ""]
        by_unit = {}
        for e in report["errors"]:
            by_unit.setdefault(e["unit"], []).append(e)
        for unit in sorted(by_unit):
            out.append("- %s" % unit)
            for e in by_unit[unit][:20]:
                out.append("  - %s:%d: %s" % (e["file"], e["line"], e["message"]))
            if len(by_unit[unit]) > 20:
                out.append("  - ... %d more" % (len(by_unit[unit]) - 20))
        out.append("")
    if report.get("balance_functions"):
        counts = report["balance_functions"]
        out += ["## linuxkernel-memalloc-scope-balance: verdicts", "",
                "%d functions analysed: %d proven by the cheap proof, %d by the engine, "
                "%d by both, %d without a verdict (not reported: listed here)." % (
                    sum(counts.values()), counts.get("proof", 0), counts.get("engine", 0),
                    counts.get("proof+engine", 0), counts.get("none", 0)), ""]
        for f in report["no_verdict"]:
            out.append("- %s:%d `%s()`: %s, %d nodes, %.0f ms; the proof: %s" % (
                f["file"], f["line"], f["name"], f["status"], f["nodes"], f["ms"],
                f["proof"] or "off"))
        out.append("")
    if report["crashes"]:
        out += ["## crashes", ""] + ["- " + c for c in report["crashes"]] + [""]
    if report["timeouts"]:
        out += ["## timeouts (%s s)" % report["timeout"], ""] + ["- " + c for c in report["timeouts"]] + [""]
    return "\n".join(out)
