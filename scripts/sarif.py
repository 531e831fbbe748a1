#!/usr/bin/env python3
"""Turns a clang-tidy run into SARIF 2.1.0 (for GitHub code scanning, GitLab,
VS Code's SARIF viewer, CodeChecker, ...).

  scripts/sarif.py [LOG ...] [--export-fixes FIXES.yaml ...] [--root DIR]
                   [--baseline BASELINE.json] [-o OUT.sarif]

LOG: clang-tidy's text output (clang-tidy, run-clang-tidy, `make
clang-tidy`; "-" for stdin), or scripts/run-on-tree.py's findings.json.
FIXES: clang-tidy's or run-clang-tidy's --export-fixes YAML: its fixes are
attached to the matching results, and its diagnostics become results too
when no LOG has them (so the YAML alone is enough).

Each result has the check as ruleId, the message, the location, the notes as
relatedLocations (and, for linuxkernel-memalloc-scope-balance, the path
the notes describe as a codeFlow whose threadFlow steps are the notes in
order, then the finding), the fix-its as fixes (a diagnostic's fix with its
notes' edits, which stands alone; for a diagnostic without a fix, one
alternative per note that carries one), the enclosing function in
properties, and a partialFingerprint (scripts/gfpscope_tools/fingerprint.py)
that survives line moves. Each rule of gfpscope's checks has the
descriptions and help (text and markdown) of its page under docs/checks/
and a helpUri: --help-uri-base (or $GFPSCOPE_DOCS_URL) + <check>.md, by
default the file:// URL of this checkout's docs/checks/; pass the URL where
your team reads the docs (e.g. https://example.org/gfpscope/docs/checks/)
for SARIF that is uploaded elsewhere. The run's invocation records how many
units the inputs show analysed. Inputs that show no analysed unit, a plugin
that did not load or no gfpscope check enabled make sarif.py fail (exit 3)
instead of writing an empty SARIF. Paths under --root (default: the current directory; for a kernel
tree, the tree) are relative to the SRCROOT base id. With --baseline (a file
of scripts/baseline.py), each result's baselineState says whether it is new.

Columns are clang's (1-based bytes): for ASCII source, what SARIF's default
UTF-16 columns are too.
"""

import argparse
import collections
import json
import os
import re
import sys
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from gfpscope_tools import baselines, cli, diagnostics  # noqa: E402
from gfpscope_tools.kerneltree import ROOT  # noqa: E402

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "gfpscope/v1"
CHECK_PAGES = os.path.join(ROOT, "docs", "checks")
# Checks whose notes are a path through the function (codeFlows).
PATH_CHECKS = ("linuxkernel-memalloc-scope-balance", "clang-analyzer-")


def file_uri(path):
    return "file://" + quote(path)


def artifact(file, root_known):
    if os.path.isabs(file) or not root_known:
        return {"uri": file_uri(file)}
    return {"uri": quote(file), "uriBaseId": "SRCROOT"}


def region(line, column):
    r = {"startLine": max(line, 1)}
    if column:
        r["startColumn"] = column
    return r


def physical(file, line, column):
    loc = {"artifactLocation": artifact(file, True)}
    if line:
        loc["region"] = region(line, column)
    return loc


def replacement_region(rep):
    start = diagnostics.offset_to_position(rep["_path"], rep["offset"])
    end = diagnostics.offset_to_position(rep["_path"], rep["offset"] + rep["length"])
    r = {"byteOffset": rep["offset"], "byteLength": rep["length"]}
    if start and end:
        r.update({"startLine": start[0], "startColumn": start[1],
                  "endLine": end[0], "endColumn": end[1]})
    return r


def sarif_fix(description, replacements):
    by_file = collections.OrderedDict()
    for rep in replacements:
        by_file.setdefault(rep["file"], []).append(rep)
    return {"description": {"text": description},
            "artifactChanges": [{
                "artifactLocation": artifact(file, True),
                "replacements": [{"deletedRegion": replacement_region(rep),
                                  "insertedContent": {"text": rep["text"]}}
                                 for rep in sorted(reps, key=lambda r: r["offset"])]}
                for file, reps in by_file.items()]}


def page_parts(check):
    """(first paragraph, the prose before the first section, the first code
    block) of docs/checks/<check>.md (paragraphs with links, relative to the
    page, left out); None for a check without a page (clang's diagnostics,
    upstream checks)."""
    page = os.path.join(CHECK_PAGES, check + ".md")
    if not os.path.isfile(page):
        return None
    with open(page) as f:
        text = f.read()
    intro = re.split(r"^## ", text, maxsplit=1, flags=re.M)[0]
    code = re.search(r"^```.*?^```$", intro, re.M | re.S)
    prose = [" ".join(p.split()) for p in re.sub(r"^```.*?^```$", "", intro, flags=re.M | re.S)
             .split("\n\n") if p.strip() and not p.startswith("#") and "](" not in p]
    return prose[0] if prose else check, "\n\n".join(prose), code.group(0) if code else ""


def rule(check, help_base):
    """A reportingDescriptor: gfpscope's checks with the descriptions, help
    and helpUri of their pages; others with their name only."""
    r = {"id": check, "name": check}
    parts = page_parts(check)
    if parts is None:
        if check.startswith("clang-diagnostic-"):
            r["shortDescription"] = {"text": "clang %s: the unit does not compile as given"
                                     % check.rsplit("-", 1)[1]}
        return r
    paragraph, intro, example = parts
    uri = help_base + quote(check) + ".md"
    r["shortDescription"] = {"text": paragraph}
    r["fullDescription"] = {"text": intro}
    r["help"] = {"text": "%s\n\nSee %s" % (intro, uri),
                 "markdown": "%s\n\n%s\n\nSee [%s](%s)." % (intro, example, check, uri)}
    r["helpUri"] = uri
    return r


def fixes_of(f):
    """A finding's SARIF fixes. A finding with its own replacements has one
    fix: those and its notes' (the later vmalloc-nofs fixes of a file carry
    their #include as a note's fix, so that -fix inserts it once; applied
    alone, as a SARIF fix is, they need it). A finding without replacements
    has one alternative fix per note that carries one."""
    notes = f.get("note_fixes", [])
    if f.get("replacements"):
        companions = [r for n in notes for r in n["replacements"]]
        return [sarif_fix(f["message"], f["replacements"] + companions)]
    return [sarif_fix(n["message"], n["replacements"]) for n in notes]


def merge_fixes(findings, fix_findings):
    """Attaches the YAML diagnostics' replacements to the text findings; the
    YAML diagnostics no text finding matches become findings themselves."""
    index = {}
    for f in findings:
        index.setdefault((f["file"], f["line"], f["column"], f["check"]), []).append(f)
    extra = []
    for y in fix_findings:
        key = (y["file"], y["line"], y["column"], y["check"])
        match = next((f for f in index.get(key, []) if f["message"] == y["message"]), None)
        match = match or (index.get(key) or [None])[0]
        if match is None:
            extra.append(y)
            index.setdefault(key, []).append(y)
            continue
        match["replacements"] = y["replacements"]
        match["note_fixes"] = [n for n in y["notes"] if n["replacements"]]
    for y in extra:
        y["note_fixes"] = [n for n in y["notes"] if n["replacements"]]
    return findings + extra


def code_flow(finding, notes):
    """The notes in clang's order, then the finding (unless the last note
    already is it: the analyzer ends its paths with the warning's event)."""
    last = notes[-1]
    same = all(last[k] == finding[k] for k in ("file", "line", "column", "message"))
    steps = notes if same else notes + [finding]
    return {"message": {"text": finding["message"]},
            "threadFlows": [{"locations": [
                {"location": {"physicalLocation": physical(s["file"], s["line"], s["column"]),
                              "message": {"text": s["message"]}},
                 "executionOrder": i, "importance": "essential" if i == len(steps) else "important"}
                for i, s in enumerate(steps, 1)]}]}


def build(findings, root, baseline=None, help_base=None, units=0):
    rules, rule_index = [], {}
    results = []
    for f in findings:
        if f["check"] not in rule_index:
            rule_index[f["check"]] = len(rules)
            rules.append(rule(f["check"], help_base))
        result = {
            "ruleId": f["check"], "ruleIndex": rule_index[f["check"]],
            "level": "error" if f["level"] == "error" else "warning",
            "message": {"text": f["message"]},
            "locations": [{"physicalLocation": physical(f["file"], f["line"], f["column"])}],
            "partialFingerprints": {FINGERPRINT: f["fingerprint"]},
        }
        if f.get("function"):
            result["properties"] = {"function": f["function"]}
        notes = [n for n in f.get("notes", []) if n.get("file")]
        # Related locations for every note (viewers without code flows show
        # them, and "here" in a note needs its place); the path checks' notes
        # are also the steps of a code flow, in clang's order, ending at the
        # finding.
        if notes:
            result["relatedLocations"] = [
                {"id": n, "message": {"text": note["message"]},
                 "physicalLocation": physical(note["file"], note["line"], note["column"])}
                for n, note in enumerate(notes, 1)]
        if notes and f["check"].startswith(PATH_CHECKS):
            result["codeFlows"] = [code_flow(f, notes)]
        result_fixes = fixes_of(f)
        if result_fixes:
            result["fixes"] = result_fixes
        if baseline is not None:
            result["baselineState"] = baseline.get(f["fingerprint"], "new")
        results.append(result)
    driver = {"name": "gfpscope", "rules": rules}
    if help_base:
        driver["informationUri"] = help_base
    run = {
        "tool": {"driver": driver},
        "invocations": [{"executionSuccessful": True,
                         "properties": {"analysedUnits": units}}],
        "originalUriBaseIds": {"SRCROOT": {"uri": file_uri(root.rstrip("/") + "/")}},
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def baseline_states(path, findings):
    """fingerprint -> "new" | "unchanged", counting repeats (the third
    identical finding where the baseline has two is new)."""
    known = collections.Counter()
    for e in baselines.read(path):
        known[e["fingerprint"]] += e.get("count", 1)
    states, seen = {}, collections.Counter()
    for f in findings:
        seen[f["fingerprint"]] += 1
    # SARIF has one state per result; equal fingerprints share it: "unchanged"
    # only if the baseline has at least as many.
    for fp, count in seen.items():
        states[fp] = "unchanged" if known.get(fp, 0) >= count else "new"
    return states


@cli.main
def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("logs", nargs="*", help="clang-tidy output files, '-' for stdin, or findings.json")
    p.add_argument("--export-fixes", action="append", default=[], metavar="YAML")
    p.add_argument("--root", default=os.getcwd(),
                   help="base of the relative paths (default: the current directory)")
    p.add_argument("--directory", help="where the tool ran, for relative paths in LOG (default: root)")
    p.add_argument("--baseline", help="a baseline of scripts/baseline.py: set baselineState")
    p.add_argument("--help-uri-base", default=os.environ.get("GFPSCOPE_DOCS_URL"),
                   help="URL of the directory of the check pages, for each rule's helpUri "
                        "(default: $GFPSCOPE_DOCS_URL, else file:// of this checkout's "
                        "docs/checks/)")
    p.add_argument("--allow-no-units", action="store_true",
                   help="accept inputs that show no analysed unit (a clean clang-tidy run on "
                        "one file prints nothing)")
    p.add_argument("-o", "--output", default="-")
    args = p.parse_args()
    if not args.logs and not args.export_fixes:
        p.error("give a log or --export-fixes")
    help_base = args.help_uri_base or file_uri(CHECK_PAGES)
    help_base = help_base if help_base.endswith("/") else help_base + "/"
    paths = diagnostics.Paths(args.root, args.directory and os.path.realpath(args.directory))
    evidence = diagnostics.Evidence()
    findings = []
    for log in args.logs:
        findings += diagnostics.read_any(log, paths, evidence)
    fix_findings = []
    for y in args.export_fixes:
        fix_findings += diagnostics.read_fixes(y, paths, evidence)
    evidence.check(args.logs + args.export_fixes, args.allow_no_units)
    findings = diagnostics.finish(merge_fixes(findings, fix_findings))
    baseline = baseline_states(args.baseline, findings) if args.baseline else None
    log = build(findings, paths.root, baseline, help_base, evidence.units)
    text = json.dumps(log, indent=1) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
