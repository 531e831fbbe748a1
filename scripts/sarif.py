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
relatedLocations, the fix-its as fixes (one per diagnostic, and one per note
that carries its own alternative fix), the enclosing function in
properties, and a partialFingerprint (scripts/findingslib.py) that survives
line moves. Paths under --root (default: the current directory; for a kernel
tree, the tree) are relative to the SRCROOT base id. With --baseline (a file
of scripts/baseline.py), each result's baselineState says whether it is new.

Columns are clang's (1-based bytes): for ASCII source, what SARIF's default
UTF-16 columns are too.
"""

import argparse
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import findingslib  # noqa: E402

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FINGERPRINT = "gfpscope/v1"


def file_uri(path):
    from urllib.parse import quote
    return "file://" + quote(path)


def artifact(file, root_known):
    if os.path.isabs(file) or not root_known:
        return {"uri": file_uri(file)}
    from urllib.parse import quote
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
    start = findingslib.offset_to_position(rep["_path"], rep["offset"])
    end = findingslib.offset_to_position(rep["_path"], rep["offset"] + rep["length"])
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


def rule_description(check):
    """The first paragraph of docs/checks/<check>.md, for gfpscope's checks."""
    page = os.path.join(ROOT, "docs", "checks", check + ".md")
    if not os.path.isfile(page):
        return None
    paragraph = []
    with open(page) as f:
        for line in f:
            line = line.strip()
            if line.startswith("#"):
                continue
            if not line:
                if paragraph:
                    break
                continue
            paragraph.append(line)
    return " ".join(paragraph) or None


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


def build(findings, root, baseline=None):
    rules, rule_index = [], {}
    results = []
    for f in findings:
        if f["check"] not in rule_index:
            rule_index[f["check"]] = len(rules)
            rule = {"id": f["check"]}
            text = rule_description(f["check"])
            if text:
                rule["shortDescription"] = {"text": text}
            rules.append(rule)
        result = {
            "ruleId": f["check"], "ruleIndex": rule_index[f["check"]],
            "level": "error" if f["level"] == "error" else "warning",
            "message": {"text": f["message"]},
            "locations": [{"physicalLocation": physical(f["file"], f["line"], f["column"])}],
            "partialFingerprints": {FINGERPRINT: f["fingerprint"]},
        }
        if f.get("function"):
            result["properties"] = {"function": f["function"]}
        related = []
        for n, note in enumerate(f.get("notes", []), 1):
            if not note.get("file"):
                continue
            related.append({"id": n, "message": {"text": note["message"]},
                            "physicalLocation": physical(note["file"], note["line"],
                                                         note["column"])})
        if related:
            result["relatedLocations"] = related
        fixes = []
        if f.get("replacements"):
            fixes.append(sarif_fix(f["message"], f["replacements"]))
        for note in f.get("note_fixes", []):
            fixes.append(sarif_fix(note["message"], note["replacements"]))
        if fixes:
            result["fixes"] = fixes
        if baseline is not None:
            result["baselineState"] = baseline.get(f["fingerprint"], "new")
        results.append(result)
    run = {
        "tool": {"driver": {"name": "gfpscope", "rules": rules}},
        "originalUriBaseIds": {"SRCROOT": {"uri": file_uri(root.rstrip("/") + "/")}},
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def baseline_states(path, findings):
    """fingerprint -> "new" | "unchanged", counting repeats (the third
    identical finding where the baseline has two is new)."""
    with open(path) as f:
        known = {e["fingerprint"]: e.get("count", 1) for e in json.load(f)["findings"]}
    states, seen = {}, collections.Counter()
    for f in findings:
        seen[f["fingerprint"]] += 1
    # SARIF has one state per result; equal fingerprints share it: "unchanged"
    # only if the baseline has at least as many.
    for fp, count in seen.items():
        states[fp] = "unchanged" if known.get(fp, 0) >= count else "new"
    return states


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("logs", nargs="*", help="clang-tidy output files, '-' for stdin, or findings.json")
    p.add_argument("--export-fixes", action="append", default=[], metavar="YAML")
    p.add_argument("--root", default=os.getcwd(),
                   help="base of the relative paths (default: the current directory)")
    p.add_argument("--directory", help="where the tool ran, for relative paths in LOG (default: root)")
    p.add_argument("--baseline", help="a baseline of scripts/baseline.py: set baselineState")
    p.add_argument("-o", "--output", default="-")
    args = p.parse_args()
    if not args.logs and not args.export_fixes:
        p.error("give a log or --export-fixes")
    paths = findingslib.Paths(args.root, args.directory and os.path.realpath(args.directory))
    findings = []
    for log in args.logs:
        findings += findingslib.read_any(log, paths)
    fix_findings = []
    for y in args.export_fixes:
        fix_findings += findingslib.read_fixes(y, paths)
    findings = findingslib.finish(merge_fixes(findings, fix_findings))
    baseline = baseline_states(args.baseline, findings) if args.baseline else None
    log = build(findings, paths.root, baseline)
    text = json.dumps(log, indent=1) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
