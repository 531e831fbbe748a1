"""Findings of a clang-tidy run in one shape, for scripts/sarif.py and
scripts/baseline.py.

Reads what the runs leave behind:
  * clang-tidy's text output (clang-tidy, run-clang-tidy, the kernel's
    `make clang-tidy`, any mix): `file:line:col: warning|error: message
    [check]` lines, the notes after them;
  * scripts/run-on-tree.py's findings.json;
  * SARIF written by scripts/sarif.py;
  * clang-tidy's --export-fixes YAML (diagnostics, notes and replacements,
    with byte offsets).

A finding is a dict: file (relative to the root when it is under it, else
absolute), line, column (1-based, bytes, as clang counts), level ("warning"
or "error"), check, message, notes (file, line, column, message), function
(the enclosing function, by scripts/run-on-tree.py's heuristic) and
fingerprint.

The fingerprint is what a baseline compares: a hash of (file, function,
check, message) with line numbers inside the message replaced by "N"
(linuxkernel-memalloc-scope-balance says "scope opened at line 35"), so that
it survives code moving up or down. Two identical findings in one function
have the same fingerprint; baselines count them.
"""

import hashlib
import importlib.util
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))

DIAG = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<kind>warning|error|fatal error|note): (?P<msg>.*?)"
                  r"(?: \[(?P<check>[\w.,=+-]+)\])?$")

_run_on_tree = None


def _enclosing_function_impl():
    """scripts/run-on-tree.py's enclosing_function(path, line): one
    heuristic for every report of the project."""
    global _run_on_tree
    if _run_on_tree is None:
        spec = importlib.util.spec_from_file_location(
            "gfpscope_run_on_tree", os.path.join(HERE, "run-on-tree.py"))
        _run_on_tree = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_run_on_tree)
    return _run_on_tree.enclosing_function


def enclosing_function(path, line):
    if not path or not os.path.isfile(path):
        return ""
    return _enclosing_function_impl()(path, line)


def normalize_message(message):
    """The message with line numbers (and file:line positions) in it made
    neutral, for fingerprints."""
    message = re.sub(r"\b(lines?) \d+((?:-| and |, )\d+)*", r"\1 N", message)
    return re.sub(r"(\.[A-Za-z]+):\d+(?::\d+)?\b", r"\1:N", message)


def fingerprint(finding):
    key = "\0".join((finding["file"], finding.get("function") or "", finding["check"],
                     normalize_message(finding["message"])))
    return hashlib.sha1(key.encode()).hexdigest()[:16]


class Paths:
    """Turns the paths a tool printed into (relative-to-root or absolute,
    absolute) pairs. Relative paths are relative to `directory` (where the
    tool ran; default the root)."""

    def __init__(self, root, directory=None):
        self.root = os.path.realpath(root)
        self.directory = directory or self.root

    def resolve(self, path):
        full = os.path.realpath(os.path.join(self.directory, path))
        rel = os.path.relpath(full, self.root)
        if rel == ".." or rel.startswith(".." + os.sep):
            return full, full
        return rel, full


def _check_name(raw, kind):
    if raw:
        # "-warnings-as-errors" and other flags follow the check name.
        names = [c for c in raw.split(",") if c and not c.startswith("-")]
        if names:
            return names[0]
    return "clang-diagnostic-error" if kind != "warning" else "clang-diagnostic-warning"


def parse_log(text, paths):
    """Findings (warnings and errors, with their notes) of clang-tidy's text
    output."""
    findings, current = [], None
    for line in text.splitlines():
        m = DIAG.match(line.rstrip("\r"))
        if not m:
            continue
        rel, full = paths.resolve(m.group("file"))
        item = {"file": rel, "line": int(m.group("line")), "column": int(m.group("col")),
                "message": m.group("msg")}
        if m.group("kind") == "note":
            if current is not None:
                current["notes"].append(item)
            continue
        item["level"] = "warning" if m.group("kind") == "warning" else "error"
        item["check"] = _check_name(m.group("check"), m.group("kind"))
        item["notes"] = []
        item["_path"] = full
        findings.append(item)
        current = item
    return findings


def _line_starts(path, cache={}):
    if path not in cache:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            cache[path] = None
        else:
            starts = [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A]
            cache[path] = starts
    return cache[path]


def offset_to_position(path, offset):
    """(line, column), 1-based, of a byte offset in a file; None if the file
    cannot be read."""
    starts = _line_starts(path)
    if starts is None:
        return None
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1, offset - starts[lo] + 1


def _yaml():
    import yaml  # python3-yaml (a dependency of Debian's clang-tidy packages)
    return yaml


def read_fixes(path, paths):
    """The diagnostics of a clang-tidy --export-fixes YAML file (also
    run-clang-tidy's merged one) as findings, each with "replacements":
    [{"file", "_path", "offset", "length", "text"}] and its notes with theirs."""
    yaml = _yaml()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    findings = []
    with open(path) as f:
        documents = list(yaml.load_all(f, Loader=loader))
    for doc in documents:
        if not doc:
            continue
        build_dir = None
        for d in doc.get("Diagnostics") or []:
            build_dir = d.get("BuildDirectory") or build_dir
            local = Paths(paths.root, build_dir or paths.directory)
            message = d.get("DiagnosticMessage") or {}
            item = _yaml_message(message, local)
            item["check"] = d.get("DiagnosticName") or "clang-diagnostic-error"
            item["level"] = "error" if d.get("Level") == "Error" else "warning"
            item["notes"] = [_yaml_message(n, local) for n in d.get("Notes") or []]
            findings.append(item)
    return findings


def _yaml_message(message, paths):
    rel, full = paths.resolve(message.get("FilePath") or "")
    offset = int(message.get("FileOffset") or 0)
    position = offset_to_position(full, offset) if message.get("FilePath") else None
    item = {"file": rel if message.get("FilePath") else "", "_path": full,
            "line": position[0] if position else 0, "column": position[1] if position else 0,
            "offset": offset, "message": message.get("Message", ""), "replacements": []}
    for r in message.get("Replacements") or []:
        rrel, rfull = paths.resolve(r["FilePath"])
        item["replacements"].append({"file": rrel, "_path": rfull, "offset": int(r["Offset"]),
                                     "length": int(r["Length"]),
                                     "text": r.get("ReplacementText") or ""})
    return item


def read_findings_json(path, paths):
    """scripts/run-on-tree.py's findings.json: its paths are relative to the
    tree; they are re-rooted at paths.root."""
    with open(path) as f:
        report = json.load(f)
    tree = report.get("tree_path") or paths.root
    local = Paths(paths.root, tree if os.path.isabs(tree) else paths.root)
    findings = []
    for f in report.get("findings", []):
        rel, full = local.resolve(f["file"])
        item = {"file": rel, "_path": full, "line": f["line"], "column": f.get("column", 0),
                "level": "warning", "check": f["check"], "message": f["message"],
                "function": f.get("function") or "",
                "notes": [dict(n) for n in f.get("notes", [])]}
        findings.append(item)
    return findings


def read_sarif(path, paths):
    with open(path) as f:
        log = json.load(f)
    findings = []
    for run in log.get("runs", []):
        bases = {k: v.get("uri", "") for k, v in (run.get("originalUriBaseIds") or {}).items()}
        for r in run.get("results", []):
            loc = (r.get("locations") or [{}])[0].get("physicalLocation", {})
            art = loc.get("artifactLocation", {})
            uri = art.get("uri", "")
            base = bases.get(art.get("uriBaseId"), "")
            full = _uri_path(base + uri if base else uri)
            rel, full = paths.resolve(full)
            region = loc.get("region", {})
            props = r.get("properties") or {}
            findings.append({"file": rel, "_path": full, "line": region.get("startLine", 0),
                             "column": region.get("startColumn", 0),
                             "level": r.get("level", "warning"), "check": r.get("ruleId", ""),
                             "message": r.get("message", {}).get("text", ""),
                             "function": props.get("function", ""), "notes": []})
    return findings


def _uri_path(uri):
    from urllib.parse import unquote, urlparse
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme in ("file", "") else uri


def read_any(path, paths):
    """Findings of a text log, a findings.json or a SARIF file ("-": stdin,
    a text log)."""
    if path == "-":
        import sys
        return parse_log(sys.stdin.read(), paths)
    with open(path, errors="replace") as f:
        head = f.read(4096).lstrip()
    if head.startswith("{"):
        with open(path) as f:
            data = json.load(f)
        if "runs" in data:
            return read_sarif(path, paths)
        if "findings" in data:
            return read_findings_json(path, paths)
        raise SystemExit("%s: JSON, but neither SARIF nor a findings.json" % path)
    with open(path, errors="replace") as f:
        return parse_log(f.read(), paths)


def finish(findings):
    """Dedupes (a header's finding comes once per translation unit), fills in
    function and fingerprint, sorts."""
    seen, out = set(), []
    for f in findings:
        key = (f["file"], f["line"], f["column"], f["check"], f["message"])
        if key in seen:
            continue
        seen.add(key)
        if not f.get("function"):
            f["function"] = enclosing_function(f.get("_path"), f["line"]) if f["line"] else ""
        f["fingerprint"] = fingerprint(f)
        out.append(f)
    out.sort(key=lambda f: (f["file"], f["line"], f["column"], f["check"], f["message"]))
    return out


def public(finding):
    """A finding without the private fields (those starting with _)."""
    return {k: v for k, v in finding.items() if not k.startswith("_")}
