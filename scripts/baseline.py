#!/usr/bin/env python3
"""A baseline of gfpscope findings: record what a tree has today, then fail
only on what is new.

  scripts/baseline.py record -b BASELINE.json [--root DIR] INPUT...
  scripts/baseline.py check  -b BASELINE.json [--root DIR] [--update] INPUT...

INPUT: clang-tidy's text output (clang-tidy, run-clang-tidy, the kernel's
`make clang-tidy`; "-" for stdin), scripts/run-on-tree.py's findings.json,
or SARIF from scripts/sarif.py. Paths are taken relative to --root (default:
the current directory; for a kernel, the top of the tree), so a baseline
recorded in one checkout works in another.

A finding is identified by its fingerprint (scripts/gfpscope_tools/fingerprint.py): file,
enclosing function, check and message, with line numbers in the message
made neutral. Lines are not part of it: code moving up or down, or edits
elsewhere in the function, change nothing. The same finding twice in one
function counts twice: a third identical one is new.

record writes every finding of the inputs (clang errors, the
clang-diagnostic-* "checks", are left out: a unit that does not compile is
a build problem, not a finding).

check prints the new findings the way clang-tidy does
(`file:line:col: warning: message [check]`, so editors and CI annotate them)
and exits 1 if there is any; 0 otherwise. Findings of the baseline that are
gone are listed; --update then removes them from the baseline file (it never
adds new ones: record does that, on purpose).

Both fail (exit 3, with the reason) when the inputs show that nothing was
analysed: a plugin that did not load, no gfpscope check enabled, or no
analysed unit (scripts/gfpscope_tools/diagnostics.py says what counts, per
input format). An input that cannot be read ends with a one-line error
(exit 2).
"""

import argparse
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from gfpscope_tools import cli, diagnostics, fingerprint, report  # noqa: E402
from gfpscope_tools.baselines import read, write  # noqa: E402

def load_findings(args):
    """The inputs' findings (without clang errors) and clang errors; fails
    when the inputs show that nothing was analysed."""
    paths = diagnostics.Paths(args.root, args.directory and os.path.realpath(args.directory))
    evidence = diagnostics.Evidence()
    findings = []
    for path in args.inputs:
        findings += diagnostics.read_any(path, paths, evidence)
    evidence.check(args.inputs, args.allow_no_units)
    findings = diagnostics.finish(findings)
    errors = [f for f in findings if f["check"].startswith("clang-diagnostic-")]
    return [f for f in findings if not f["check"].startswith("clang-diagnostic-")], errors


def entries_of(findings):
    counts = collections.Counter(f["fingerprint"] for f in findings)
    first = {}
    for f in findings:
        first.setdefault(f["fingerprint"], f)
    entries = []
    for fp, f in first.items():
        entries.append({"fingerprint": fp, "count": counts[fp], "file": f["file"],
                        "function": f.get("function") or "", "check": f["check"],
                        "message": fingerprint.normalize_message(f["message"])})
    entries.sort(key=lambda e: (e["file"], e["function"], e["check"], e["message"]))
    return entries


def record(args):
    findings, errors = load_findings(args)
    entries = entries_of(findings)
    write(args.baseline, entries)
    print("gfpscope baseline: recorded %d findings (%d distinct) in %s%s" % (
        len(findings), len(entries), args.baseline,
        "; %d clang errors left out" % len(errors) if errors else ""))
    return 0


def check(args):
    known = read(args.baseline)
    allowed = collections.Counter()
    for e in known:
        allowed[e["fingerprint"]] += e.get("count", 1)
    findings, errors = load_findings(args)
    seen = collections.Counter()
    new = []
    for f in findings:
        seen[f["fingerprint"]] += 1
        if seen[f["fingerprint"]] > allowed.get(f["fingerprint"], 0):
            new.append(f)
    gone = [e for e in known if seen[e["fingerprint"]] < e.get("count", 1)]
    for f in new:
        print(report.clang_style(f))
        for n in f.get("notes", []):
            if n.get("file"):
                print(report.note_style(n))
    for e in gone:
        print("gone from the baseline (%d of %d left): %s: %s() [%s] %s" % (
            seen[e["fingerprint"]], e.get("count", 1), e["file"], e["function"] or "?",
            e["check"], e["message"]))
    print("gfpscope baseline: %d findings, %d new, %d known, %d baseline entries gone%s" % (
        len(findings), len(new), len(findings) - len(new), len(gone),
        "; %d clang errors (not compared)" % len(errors) if errors else ""))
    if args.update and gone:
        kept = []
        for e in known:
            count = min(e.get("count", 1), seen[e["fingerprint"]])
            if count:
                kept.append(dict(e, count=count))
        write(args.baseline, kept)
        print("gfpscope baseline: %s updated (%d entries)" % (args.baseline, len(kept)))
    return 1 if new else 0


@cli.main
def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("record", "check"):
        s = sub.add_parser(name)
        s.add_argument("-b", "--baseline", required=True, help="the baseline file (JSON)")
        s.add_argument("--root", default=os.getcwd(),
                       help="top of the tree: paths are relative to it (default: cwd)")
        s.add_argument("--directory",
                       help="where the tool ran, for relative paths in text output "
                            "(default: root)")
        s.add_argument("inputs", nargs="+", help="clang-tidy output, findings.json or SARIF")
        s.add_argument("--allow-no-units", action="store_true",
                       help="accept inputs that show no analysed unit (a clean clang-tidy run "
                            "on one file prints nothing); a plugin that did not load or no "
                            "gfpscope check enabled still fails")
        if name == "check":
            s.add_argument("--update", action="store_true",
                           help="drop the baseline entries that are gone")
    args = p.parse_args()
    args.root = os.path.realpath(args.root)
    return record(args) if args.command == "record" else check(args)


if __name__ == "__main__":
    sys.exit(main())
