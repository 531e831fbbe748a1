"""Findings of a clang-tidy run in one shape, and the evidence that the run
analysed something.

Reads what the runs leave behind:
  * clang-tidy's text output (clang-tidy, run-clang-tidy, the kernel's
    `make clang-tidy`, any mix): `file:line:col: warning|error: message
    [check]` lines and the notes after them;
  * scripts/run-on-tree.py's findings.json;
  * SARIF written by scripts/sarif.py;
  * clang-tidy's --export-fixes YAML (diagnostics, notes and replacements,
    with byte offsets).

A finding is a dict: file (relative to the root when it is under it, else
absolute), line, column (1-based, bytes, as clang counts), level ("warning"
or "error"), check, message, notes (file, line, column, message), function
(the enclosing function, kerneltree.enclosing_function) and fingerprint
(fingerprint.py).

Evidence (class Evidence), per input format; a pipeline whose inputs show
no analysed unit, a plugin that did not load or no gfpscope check enabled
must fail (docs/user-guide.md, section 8):
  * text: the analysed units are run-clang-tidy's progress lines
    (`[3/10][1.2s] clang-tidy ... file.c`), else clang-tidy's per-unit
    summary lines (`N warnings generated.`, `Suppressed N warnings ...`),
    else one if there is a diagnostic (a clean clang-tidy run on one file
    prints nothing: --allow-no-units accepts that); `Error opening '<plugin>': ...` (`-load request ignored.`)
    is a plugin load failure; `No checks enabled.` / `Error: no checks
    enabled.` and an `Enabled checks:` list without a gfpscope check are a
    missing check;
  * findings.json: its units that ran to the end without a tool error, and
    its check_names (must name a gfpscope check);
  * SARIF: the analysedUnits of a run's invocation (scripts/sarif.py writes
    it), else one unit when the run has results;
  * --export-fixes YAML: one unit when it has a diagnostic (clang-tidy
    writes no YAML for a unit without one).
"""

import json
import os
import re
import sys

from . import fingerprint as fp
from .cli import InputError, NothingAnalysed
from .kerneltree import enclosing_function

GFPSCOPE_CHECKS = ("linuxkernel-vmalloc-nofs", "linuxkernel-memalloc-scope-balance",
                   "linuxkernel-redundant-nofs")

# The one diagnostic line: file:line:col: kind: message [check,flags]
DIAG = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<kind>warning|error|fatal error|note): (?P<msg>.*?)"
                  r"(?: \[(?P<check>[\w.,=+-]+)\])?$")
CHECK_SUFFIX = re.compile(r" \[[\w.,=+-]+\]$")
BARE_ERROR = re.compile(r"^(?:error|fatal error): (?P<msg>.*)$")
SNIPPET = re.compile(r"^\s*(\d+\s*)?\|")   # clang's source lines under a diagnostic
# clang-tidy's own errors, without a location (plugin not loaded, no checks, no command)
TOOL_ERROR = re.compile(r"^(Error opening .*|.*-load request ignored\.|Error: .*|Error while .*|"
                        r"No checks enabled\.|Skipping .*\. Compile command not found\.|"
                        r".*error: unable to .*)$", re.M)
PLUGIN_FAILED = re.compile(r"^Error opening '(?P<plugin>[^']*)': (?P<why>.*)$", re.M)
NO_CHECKS = re.compile(r"^(?:Error: no checks enabled\.|No checks enabled\.)$", re.M)
ENABLED_CHECKS = re.compile(r"^Enabled checks:\n((?:[ \t]+\S+\n?)*)", re.M)
PROGRESS = re.compile(r"^\[\s*\d+/\d+\]\[[\d.]+s\] \S*clang-tidy", re.M)
SUMMARY = re.compile(r"^(?:\d+ (?:warnings?|errors?)(?: and \d+ errors?)? generated\.|"
                     r"Suppressed \d+ warnings)", re.M)


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


class Evidence:
    """What the inputs show about the run: analysed units, and the reasons
    (plugin load failures, no check) it cannot be trusted."""

    def __init__(self):
        self.units = 0
        self.problems = []

    def problem(self, text):
        if text not in self.problems:
            self.problems.append(text)

    def add_text(self, text, source):
        for m in PLUGIN_FAILED.finditer(text):
            self.problem("%s: clang-tidy did not load the plugin %s (%s)"
                         % (source, m.group("plugin"), m.group("why")))
        if NO_CHECKS.search(text):
            self.problem("%s: clang-tidy says no checks enabled (-checks matched none)" % source)
        for m in ENABLED_CHECKS.finditer(text):
            self.require_checks(m.group(1).split(), source)
        diagnosed = any(m for m, _ in diagnostic_lines(text))
        self.units += len(PROGRESS.findall(text)) or len(SUMMARY.findall(text)) or int(diagnosed)

    def require_checks(self, names, source):
        if not any(n in GFPSCOPE_CHECKS for n in names):
            self.problem("%s: no gfpscope check enabled (enabled: %s)"
                         % (source, ", ".join(names) or "none"))

    def check(self, inputs, allow_no_units=False):
        """Raises NothingAnalysed with every reason, if there is one."""
        problems = list(self.problems)
        if not problems and not self.units and not allow_no_units:
            problems.append("%s: no analysed unit (an empty log, or a run that matched "
                            "no file)" % ", ".join(inputs))
        if problems:
            raise NothingAnalysed("; ".join(problems))


def _check_name(raw, kind):
    if raw:
        # "-warnings-as-errors" and other flags follow the check name.
        names = [c for c in raw.split(",") if c and not c.startswith("-")]
        if names:
            return names[0]
    return "clang-diagnostic-error" if kind != "warning" else "clang-diagnostic-warning"


def diagnostic_lines(text):
    """(match, line) for each diagnostic of clang's output, a message that
    runs over several lines (a newline in it) joined up to its [check]."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        line = line.rstrip("\r")
        m = DIAG.match(line)
        if m and m.group("kind") == "warning" and not m.group("check"):
            for j in range(i + 1, min(i + 6, len(lines))):
                if DIAG.match(lines[j]) or SNIPPET.match(lines[j]):
                    break
                line += " " + lines[j].strip()
                if CHECK_SUFFIX.search(lines[j]):
                    m = DIAG.match(line)
                    break
        yield m, line


def parse_log(text, paths):
    """Findings (warnings and errors, with their notes) of clang-tidy's text
    output."""
    findings, current = [], None
    for m, _ in diagnostic_lines(text):
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


def parse_unit(output, tree, unit, directory=None):
    """(findings, clang errors) of one unit's clang-tidy output, paths
    relative to the tree; relative paths in the output are relative to the
    unit's compile directory. A driver error without a location is an
    error of the unit."""
    findings, errors = [], []
    paths = Paths(tree, directory or tree)
    current = None
    for m, line in diagnostic_lines(output):
        if not m:
            b = BARE_ERROR.match(line)
            if b:
                errors.append({"file": unit, "line": 0, "column": 0, "message": b.group("msg"),
                               "check": "clang-diagnostic-error"})
                current = None
            continue
        path = os.path.relpath(paths.resolve(m.group("file"))[1], tree)
        item = {"file": path, "line": int(m.group("line")), "column": int(m.group("col")),
                "message": m.group("msg")}
        if m.group("kind") == "note":
            if current is not None:
                current["notes"].append(item)
            continue
        if m.group("kind") in ("error", "fatal error"):
            item["check"] = m.group("check") or "clang-diagnostic-error"
            errors.append(item)
            current = None
            continue
        item["check"] = m.group("check") or ""
        item["function"] = enclosing_function(os.path.join(tree, path), item["line"])
        item["notes"] = []
        findings.append(item)
        current = item
    return findings, errors


def _line_starts(path, cache={}):
    if path not in cache:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            cache[path] = None
        else:
            cache[path] = [0] + [i + 1 for i, b in enumerate(data) if b == 0x0A]
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


def read_fixes(path, paths, evidence=None):
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
        if not isinstance(doc, dict) or "Diagnostics" not in doc:
            raise InputError("%s: not clang-tidy --export-fixes YAML (no Diagnostics)" % path)
        build_dir = None
        for d in doc.get("Diagnostics") or []:
            build_dir = d.get("BuildDirectory") or build_dir
            local = Paths(paths.root, build_dir or paths.directory)
            item = _yaml_message(d.get("DiagnosticMessage") or {}, local)
            item["check"] = d.get("DiagnosticName") or "clang-diagnostic-error"
            item["level"] = "error" if d.get("Level") == "Error" else "warning"
            item["notes"] = [_yaml_message(n, local) for n in d.get("Notes") or []]
            findings.append(item)
    if evidence is not None and findings:
        evidence.units += 1
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


def read_findings_json(report, path, paths, evidence=None):
    """scripts/run-on-tree.py's findings.json (already loaded): its paths
    are relative to the tree; they are re-rooted at paths.root."""
    tree = report.get("tree_path") or paths.root
    local = Paths(paths.root, tree if os.path.isabs(tree) else paths.root)
    findings = []
    for f in report.get("findings", []):
        rel, full = local.resolve(f["file"])
        findings.append({"file": rel, "_path": full, "line": f["line"],
                         "column": f.get("column", 0), "level": "warning", "check": f["check"],
                         "message": f["message"], "function": f.get("function") or "",
                         "notes": [dict(n) for n in f.get("notes", [])]})
    if evidence is not None:
        _findings_json_evidence(report, path, evidence)
    return findings


def _findings_json_evidence(report, path, evidence):
    if "check_names" in report:
        evidence.require_checks(report["check_names"], path)
    if "units" not in report:   # a hand-made list of findings: they are the evidence
        evidence.units += 1 if report.get("findings") else 0
        return
    failed = {e.get("unit") for e in report.get("errors", []) if e.get("check") == "clang-tidy-error"}
    evidence.units += sum(1 for u in report["units"] if not u.get("crash") and not u.get("timeout")
                          and u.get("file") not in failed)


def read_sarif(log, paths, evidence=None):
    """The results of a SARIF log (already loaded) as findings."""
    findings = []
    for run in log.get("runs", []):
        bases = {k: v.get("uri", "") for k, v in (run.get("originalUriBaseIds") or {}).items()}
        for r in run.get("results", []):
            loc = (r.get("locations") or [{}])[0].get("physicalLocation", {})
            art = loc.get("artifactLocation", {})
            uri = art.get("uri", "")
            base = bases.get(art.get("uriBaseId"), "")
            rel, full = paths.resolve(_uri_path(base + uri if base else uri))
            region = loc.get("region", {})
            props = r.get("properties") or {}
            findings.append({"file": rel, "_path": full, "line": region.get("startLine", 0),
                             "column": region.get("startColumn", 0),
                             "level": r.get("level", "warning"), "check": r.get("ruleId", ""),
                             "message": r.get("message", {}).get("text", ""),
                             "function": props.get("function", ""), "notes": []})
        if evidence is not None:
            counted = [i["properties"]["analysedUnits"] for i in run.get("invocations", [])
                       if "analysedUnits" in (i.get("properties") or {})]
            evidence.units += sum(counted) if counted else (1 if run.get("results") else 0)
    return findings


def _uri_path(uri):
    from urllib.parse import unquote, urlparse
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme in ("file", "") else uri


def read_any(path, paths, evidence=None):
    """Findings of a text log, a findings.json or a SARIF file ("-": stdin,
    a text log)."""
    if path == "-":
        text = sys.stdin.read()
    else:
        with open(path, errors="replace") as f:
            text = f.read()
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError("%s: not valid JSON: %s" % (path, e))
        if isinstance(data, dict) and str(data.get("format", "")).startswith("gfpscope-baseline"):
            raise InputError("%s: a baseline, not the output of a run (baseline.py takes it "
                             "with -b)" % path)
        if isinstance(data, dict) and "runs" in data:
            return read_sarif(data, paths, evidence)
        if isinstance(data, dict) and "findings" in data:
            return read_findings_json(data, path, paths, evidence)
        raise InputError("%s: JSON, but neither SARIF nor a findings.json" % path)
    if evidence is not None:
        evidence.add_text(text, path)
    return parse_log(text, paths)


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
            f["function"] = enclosing_function(f.get("_path"), f["line"])
        f["fingerprint"] = fp.fingerprint(f)
        out.append(f)
    out.sort(key=lambda f: (f["file"], f["line"], f["column"], f["check"], f["message"]))
    return out


def public(finding):
    """A finding without the private fields (those starting with _)."""
    return {k: v for k, v in finding.items() if not k.startswith("_")}


BALANCE_CHECK = "linuxkernel-memalloc-scope-balance"

# linuxkernel-memalloc-scope-balance's Verbose line, one per analysed function.
BALANCE_STAT = re.compile(
    r"^memalloc-scope-balance: (?P<file>[^:]+):(?P<line>\d+): (?P<name>\w+): "
    r"(?P<status>[\w-]+), (?P<nodes>\d+) nodes, (?P<ms>[\d.]+) ms, "
    r"(?P<kept>\d+) findings(?:, (?P<dropped>\d+) dropped)?"
    r"(?:, (?P<verdict>verdict by proof and engine|verdict by proof|verdict by engine"
    r"|no verdict)(?: \(proof: (?P<reason>.*)\))?)?$")


def balance_verdict(m):
    """Which layer gave the function its verdict: proof, engine, proof+engine
    (a leak at an exit the proof shows open on every path, found by an
    engine that ran out of budget) or none. Lines of a build before the
    cheap proof have no such field: complete is the engine's verdict."""
    v = m["verdict"]
    if v is None:
        return "engine" if m["status"] == "complete" else "none"
    return {"verdict by proof": "proof", "verdict by engine": "engine",
            "verdict by proof and engine": "proof+engine"}.get(v, "none")


def balance_functions(output, directory, tree, unit):
    """The analysed functions of one unit's clang-tidy output (run with the
    balance check's Verbose), as dicts."""
    out = []
    for line in output.splitlines():
        m = BALANCE_STAT.match(line)
        if m:
            out.append({
                "unit": unit,
                "file": os.path.relpath(os.path.realpath(os.path.join(directory, m["file"])), tree),
                "line": int(m["line"]), "name": m["name"], "status": m["status"],
                "nodes": int(m["nodes"]), "ms": float(m["ms"]), "kept": int(m["kept"]),
                "dropped": int(m["dropped"] or 0),
                "verdict": balance_verdict(m), "proof": m["reason"]})
    return out
