#!/usr/bin/env python3
"""Applies linuxkernel-vmalloc-nofs's fix-its to a copy of a prepared kernel tree and checks that
the result is kernel code: it builds with the kernel's own flags without new warnings,
checkpatch finds nothing the original lines did not have, and the check has nothing left to fix.

  scripts/validate-fixes.py <tree> [--out DIR] [--files 'a.c b.c' | --findings findings.json]
                            [--llvm 22|19] [--plugin P] [--clang-tidy T] [-j N] [--doc FILE]
                            [--reuse]

<tree>: a tree prepared by scripts/prepare-kernel-tree.sh (compile_commands.json, .config,
prepared build). Steps:
  1. the flagged files: --files, the vmalloc-nofs findings of a scripts/run-on-tree.py
     findings.json, or (default) every unit of <tree>/.gfpscope-prepared the check warns about;
  2. a copy of the tree in DIR/linux (default DIR: <tree>/../.validate-fixes-<name>), with
     compile_commands.json rewritten for the copy's paths;
  3. the objects of the flagged files built in the copy before the fixes (one
     `make LLVM=1 -k -O <obj>...`,
     /usr/lib/llvm-14/bin first in PATH; LLVM_IAS=1 for 5.x): the warnings the code already has;
  4. the other linuxkernel-* checks on each file (what they find before the fixes), then
     `clang-tidy -p <copy> --load=<plugin> -checks=-*,linuxkernel-vmalloc-nofs -fix` on each;
  5. the same objects built again: no warning that was not there before;
  6. `scripts/checkpatch.pl --no-tree` of the tree on the diff: no error, and no warning that
     checkpatch -f does not also give for the original lines of the same hunk;
  7. every linuxkernel-* check run again on the fixed files: no vmalloc-nofs fix-it left to
     apply, and no finding of linuxkernel-memalloc-scope-balance (or of another check) that
     the file did not have before the fixes (messages compared with line numbers dropped).
--reuse: keep DIR/linux from an earlier run (its flagged files are put back from DIR/orig)
instead of copying the tree again.
Results: DIR/report.json, DIR/report.md, DIR/fixes.diff, logs in DIR/logs/. With --doc FILE,
the report is also written there (docs/vmalloc-nofs-fixes.md). Exit status 1 when a step fails.
"""

import argparse
import collections
import concurrent.futures
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from gfpscope_tools import diagnostics, fingerprint, kerneltree  # noqa: E402

REPO = kerneltree.ROOT
CHECK = "linuxkernel-vmalloc-nofs"
LLVM14 = "/usr/lib/llvm-14/bin"
DIAG = diagnostics.DIAG
CC_WARNING = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<kind>warning|error): "
                        r"(?P<msg>.*)$")

p = argparse.ArgumentParser(description=__doc__,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("tree")
p.add_argument("--out")
p.add_argument("--files", help="space-separated files, relative to the tree")
p.add_argument("--findings", help="a scripts/run-on-tree.py findings.json")
p.add_argument("--llvm", default="22")
p.add_argument("--plugin")
p.add_argument("--clang-tidy", dest="clang_tidy")
p.add_argument("-j", type=int, default=os.cpu_count() or 2)
p.add_argument("--doc", help="also write the report here (markdown)")
p.add_argument("--reuse", action="store_true", help="reuse DIR/linux of an earlier run")
args = p.parse_args()

tree = os.path.realpath(args.tree)
name = os.path.basename(tree)
out = os.path.realpath(args.out or os.path.join(os.path.dirname(tree), ".validate-fixes-" + name))
if (out + "/").startswith(os.path.realpath(REPO) + "/"):
    sys.exit("validate-fixes: refusing --out %s inside the repository" % out)
build = os.path.join(REPO, "build" if args.llvm == "22" else "build-" + args.llvm)
plugin_src = args.plugin or os.path.join(build, "lib", "gfpscope.so")
clang_tidy = args.clang_tidy or "/usr/lib/llvm-%s/bin/clang-tidy" % args.llvm
for path in (os.path.join(tree, "compile_commands.json"), plugin_src, clang_tidy,
             os.path.join(tree, "scripts", "checkpatch.pl")):
    if not os.path.exists(path):
        sys.exit("validate-fixes: missing %s" % path)

os.makedirs(os.path.join(out, "logs"), exist_ok=True)
# The plugin may be rebuilt while this runs: use a copy.
plugin = os.path.join(out, "gfpscope.so")
shutil.copy2(plugin_src, plugin)
T0 = time.time()


def log(msg):
    print("[validate-fixes] %s (t=%ds)" % (msg, time.time() - T0), file=sys.stderr, flush=True)


def run(cmd, cwd=None, env=None, timeout=1800):
    return subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, errors="replace", timeout=timeout)


def makevars(root):
    major = int(kernel_version(root).split(".")[0])
    return ["LLVM=1"] + (["LLVM_IAS=1"] if major < 6 else [])


kernel_version = kerneltree.kernel_version


def tidy(root, rel, fix, export=None, checks=CHECK):
    cmd = [clang_tidy, "-p", root, "--load=" + plugin, "--checks=-*," + checks,
           "--header-filter=^$", "--config={CheckOptions: {%s.KernelVersion: '%s'}}"
           % (CHECK, kernel_version(root))]
    if fix:
        cmd.append("-fix")
    if export:
        cmd.append("--export-fixes=" + export)
    return run(cmd + [os.path.join(root, rel)], cwd=root)


def parse_sites(output, rel):
    """The warnings of the check in `rel`, each with what happened to it."""
    sites, cur = [], None
    for line in output.splitlines():
        m = DIAG.match(line)
        if not m:
            continue
        where = os.path.normpath(m.group("file"))
        if m.group("kind") == "warning" and m.group("check") == CHECK:
            cur = {"file": rel, "line": int(m.group("line")), "message": m.group("msg"),
                   "fixed": False, "reason": None} if where.endswith(rel) else None
            if cur:
                sites.append(cur)
        elif cur and m.group("kind") == "note":
            if m.group("msg").startswith("FIX-IT applied"):
                cur["fixed"] = True
            elif m.group("msg").startswith("no fix-it: "):
                cur["reason"] = m.group("msg")[len("no fix-it: "):]
    return sites


OTHERS = "linuxkernel-*,-" + CHECK


normalized = fingerprint.normalize_message


def all_checks(root, rel, checks, tag):
    """Runs `checks` on `rel`: {check: Counter(normalized message)} of its warnings in `rel`,
    and {check: number of replacements offered} from --export-fixes."""
    base = os.path.join(out, "logs", "%s.%s" % (rel.replace("/", "_"), tag))
    export = base + ".yaml"
    if os.path.exists(export):
        os.remove(export)
    proc = tidy(root, rel, fix=False, export=export, checks=checks)
    with open(base + ".log", "w") as f:
        f.write(proc.stdout)
    found = collections.defaultdict(collections.Counter)
    for line in proc.stdout.splitlines():
        m = DIAG.match(line)
        if m and m.group("kind") == "warning" and m.group("check") and \
                os.path.normpath(m.group("file")).endswith(rel):
            found[m.group("check")][normalized(m.group("msg"))] += 1
    offered = collections.Counter()
    if os.path.exists(export):
        with open(export) as f:
            text = f.read()
        try:
            import yaml
            diags = (yaml.safe_load(text) or {}).get("Diagnostics") or []
            for d in diags:
                msgs = [d.get("DiagnosticMessage") or {}] + list(d.get("Notes") or [])
                offered[d.get("DiagnosticName", "?")] += sum(
                    len(m.get("Replacements") or []) for m in msgs)
        except ImportError:
            offered["?"] = len(re.findall(r"^\s+- FilePath:", text, re.M))
    return found, offered, proc


# --- 1. flagged files ---------------------------------------------------------------------
if args.files:
    files = args.files.split()
elif args.findings:
    with open(args.findings) as f:
        data = json.load(f)
    files = sorted({x["file"] for x in data["findings"]
                    if x.get("check") == CHECK or re.search(r"with NO(FS|IO) mask", x["message"])})
else:
    with open(os.path.join(tree, ".gfpscope-prepared")) as f:
        units = [l.strip() for l in f if l.strip()]
    log("scanning %d units of %s" % (len(units), tree))

    def scan(rel):
        return rel, bool(parse_sites(tidy(tree, rel, fix=False).stdout, rel))
    with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
        files = sorted(rel for rel, hit in pool.map(scan, units) if hit)
log("%d flagged files: %s" % (len(files), " ".join(files)))
if not files:
    sys.exit("validate-fixes: no flagged file")

# --- 2. the copy --------------------------------------------------------------------------
copy = os.path.join(out, "linux")
if args.reuse and os.path.exists(os.path.join(copy, "compile_commands.json")):
    log("reusing %s" % copy)
    for rel in files:
        saved = os.path.join(out, "orig", rel)
        if os.path.exists(saved):
            shutil.copy2(saved, os.path.join(copy, rel))
else:
    log("copying %s to %s" % (tree, copy))
    shutil.rmtree(copy, ignore_errors=True)
    subprocess.run(["cp", "-a", tree, copy], check=True)
with open(os.path.join(copy, "compile_commands.json")) as f:
    db = json.load(f)
for entry in db:
    for key in ("directory", "file", "command"):
        if key in entry:
            entry[key] = entry[key].replace(tree, copy)
    if "arguments" in entry:
        entry["arguments"] = [a.replace(tree, copy) for a in entry["arguments"]]
with open(os.path.join(copy, "compile_commands.json"), "w") as f:
    json.dump(db, f, indent=1)
objects = {}
for entry in db:
    rel = os.path.relpath(entry["file"], copy)
    cmd = entry.get("command") or " ".join(entry.get("arguments", []))
    m = re.search(r"\s-o\s+(\S+\.o)\b", cmd)
    if rel in files and m:
        objects[rel] = m.group(1)
env = dict(os.environ, PATH=LLVM14 + ":" + os.environ["PATH"])
mvars = makevars(copy)


OBJTOOL = re.compile(r"^(?P<file>\S+\.o): (?P<kind>warning|error): (?P<msg>objtool: .*)$")
CC_LINE = re.compile(r"^\s+CC( \[M\])?\s+(?P<obj>\S+\.o)$")


def build_all(tag):
    """Builds the objects of the flagged files in one `make -k -O` (the kernel's own rules and
    flags; kbuild's checks of the tree run once): {rel: {ok, warnings}}."""
    by_obj = {obj: rel for rel, obj in objects.items()}
    for rel, obj in objects.items():
        os.utime(os.path.join(copy, rel))
        if os.path.exists(os.path.join(copy, obj)):
            os.remove(os.path.join(copy, obj))
    proc = run(["make"] + mvars + ["-k", "-O", "-j%d" % args.j] + sorted(objects.values()),
               cwd=copy, env=env, timeout=7200)
    with open(os.path.join(out, "logs", "make.%s.log" % tag), "w") as f:
        f.write(proc.stdout)
    result = {rel: {"ok": os.path.exists(os.path.join(copy, obj)),
                    "warnings": collections.Counter()} for rel, obj in objects.items()}
    current = None
    for line in proc.stdout.splitlines():
        m = CC_LINE.match(line)
        if m:
            current = by_obj.get(m.group("obj"))
            continue
        m = CC_WARNING.match(line) or OBJTOOL.match(line)
        if m:
            obj_rel = by_obj.get(m.group("file"))
            rel = obj_rel or current
            if rel in result:
                result[rel]["warnings"][(os.path.normpath(m.group("file")), m.group("kind"),
                                         m.group("msg"))] += 1
    return result


# --- 3. the objects before --------------------------------------------------------------
log("building %d objects before the fixes" % len(objects))
before = build_all("before")

# --- 4. the fixes -------------------------------------------------------------------------
log("the other linuxkernel-* checks before the fixes")
others_before = {}


def others(rel):
    return rel, all_checks(copy, rel, OTHERS, "others-before")[:2]


with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
    others_before = dict(pool.map(others, files))
sites = []
originals = {}
for rel in files:
    with open(os.path.join(copy, rel), errors="surrogateescape") as f:
        originals[rel] = f.read()


def fix(rel):
    proc = tidy(copy, rel, fix=True)
    with open(os.path.join(out, "logs", rel.replace("/", "_") + ".fix.log"), "w") as f:
        f.write(proc.stdout)
    return parse_sites(proc.stdout, rel)


with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
    for rel, found in zip(files, pool.map(fix, files)):
        sites += found
        log("%s: %d sites, %d fixed" % (rel, len(found), sum(s["fixed"] for s in found)))
diffs = []
for rel in files:
    orig = os.path.join(out, "orig", rel)
    os.makedirs(os.path.dirname(orig), exist_ok=True)
    with open(orig, "w", errors="surrogateescape") as f:
        f.write(originals[rel])
    d = run(["diff", "-u", "--label", "a/" + rel, "--label", "b/" + rel, orig,
             os.path.join(copy, rel)]).stdout
    if d:
        diffs.append((rel, d))
with open(os.path.join(out, "fixes.diff"), "w") as f:
    f.write("".join(d for _, d in diffs))

# --- 5. the objects after -----------------------------------------------------------------
log("building the objects after the fixes")
builds = {}
after_all = build_all("after")
for rel in files:
    after = after_all.get(rel)
    b = before.get(rel)
    if after is None or b is None:
        builds[rel] = {"status": "no object in the compile database"}
        continue
    new = []
    for key, n in after["warnings"].items():
        if n > b["warnings"].get(key, 0):
            new.append("%s: %s: %s" % key)
    builds[rel] = {"object": objects[rel], "before_ok": b["ok"], "ok": after["ok"],
                   "new_warnings": new}

# --- 6. checkpatch ------------------------------------------------------------------------
checkpatch = os.path.join(tree, "scripts", "checkpatch.pl")
CP = re.compile(r"^(?P<level>ERROR|WARNING|CHECK):(?P<type>\w+): (?P<msg>.*)$")
CPLOC = re.compile(r"^#\d+: FILE: (?P<file>\S+):(?P<line>\d+):")


def checkpatch_messages(text, extra):
    proc = run(["perl", checkpatch, "--no-tree", "--no-signoff", "--show-types",
                "--ignore", "COMMIT_MESSAGE,FILE_PATH_CHANGES,SPDX_LICENSE_TAG"] + extra,
               cwd=copy) if text is None else subprocess.run(
        ["perl", checkpatch, "--no-tree", "--no-signoff", "--show-types",
         "--ignore", "COMMIT_MESSAGE,FILE_PATH_CHANGES,SPDX_LICENSE_TAG", "-"] + extra,
        input=text, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
        errors="replace", cwd=copy)
    msgs, cur = [], None
    for line in proc.stdout.splitlines():
        m = CP.match(line)
        if m:
            cur = dict(m.groupdict(), line=0)
            msgs.append(cur)
            continue
        m = CPLOC.match(line)
        if m and cur and not cur["line"]:
            cur["line"] = int(m.group("line"))
    return msgs


HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", re.M)
patch_report = {}
for rel, d in diffs:
    new_msgs = checkpatch_messages(d, [])
    # The original file, whole: which message types its changed lines already had.
    orig_path = os.path.join(out, "orig", rel)
    old_msgs = checkpatch_messages(None, ["-f", orig_path])
    hunks = [(int(a), int(b or 1), int(c), int(e or 1)) for a, b, c, e in HUNK.findall(d)]
    kept, preexisting = [], []
    for m in new_msgs:
        if m["level"] == "CHECK":
            continue
        hunk = next((h for h in hunks if h[2] <= m["line"] < h[2] + h[3]), None)
        old = hunk and any(o["type"] == m["type"] and hunk[0] <= o["line"] < hunk[0] + hunk[1]
                           for o in old_msgs)
        (preexisting if old else kept).append("%s:%s: %s (line %d)" % (
            m["level"], m["type"], m["msg"], m["line"]))
    patch_report[rel] = {"new": kept, "preexisting": preexisting}

# --- 7. nothing left to fix, nothing new -------------------------------------------------
log("every linuxkernel-* check on the fixed files")
left = {}


def again(rel):
    found, offered, proc = all_checks(copy, rel, "linuxkernel-*", "again")
    still = parse_sites(proc.stdout, rel)
    before_found, before_offered = others_before[rel]
    new = []
    for check, msgs in found.items():
        if check == CHECK:
            continue
        for msg, n in msgs.items():
            if n > before_found.get(check, {}).get(msg, 0):
                new.append("%s: %s" % (check, msg))
    new_offered = {c: n for c, n in offered.items()
                   if c != CHECK and n > before_offered.get(c, 0)}
    return rel, {"findings": len(still), "without_fix": sum(1 for s in still if s["reason"]),
                 "replacements_offered": offered.get(CHECK, 0),
                 "new_findings": new, "new_fixes_of_other_checks": new_offered,
                 "other_findings_before": sum(sum(c.values()) for c in before_found.values())}


with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
    left = dict(pool.map(again, files))

# --- report -------------------------------------------------------------------------------
fixed = [s for s in sites if s["fixed"]]
unfixed = [s for s in sites if not s["fixed"]]
failures = []
for rel, b in builds.items():
    if "ok" in b and (not b["ok"] and b["before_ok"]):
        failures.append("%s: the object no longer builds" % rel)
    if b.get("new_warnings"):
        failures.append("%s: new compiler warnings" % rel)
for rel, r in patch_report.items():
    if r["new"]:
        failures.append("%s: checkpatch: %d new messages" % (rel, len(r["new"])))
for rel, l in left.items():
    if l["replacements_offered"] or l["findings"] != l["without_fix"]:
        failures.append("%s: fixes left after -fix" % rel)
    if l["new_findings"] or l["new_fixes_of_other_checks"]:
        failures.append("%s: new findings of the other checks: %s" % (
            rel, "; ".join(l["new_findings"]) or l["new_fixes_of_other_checks"]))
for s in unfixed:
    if not s["reason"]:
        failures.append("%s:%d: no fix and no reason" % (s["file"], s["line"]))

report = {"tree": tree, "kernel": kernel_version(tree), "clang_tidy": clang_tidy,
          "plugin": plugin_src, "date": datetime.date.today().isoformat(),
          "files": files, "sites": sites, "builds": builds, "checkpatch": patch_report,
          "left": left, "failures": failures}
with open(os.path.join(out, "report.json"), "w") as f:
    json.dump(report, f, indent=1)

def cell(text):
    return text.replace("|", "\\|")


md = []
md.append("# linuxkernel-vmalloc-nofs fix-its on Linux %s\n" % report["kernel"])
shown_args = [a.replace(REPO + "/", "") for a in sys.argv[2:] if a != "--reuse"]
md.append("Generated by `scripts/validate-fixes.sh %s` on %s with `%s` and the gfpscope plugin; "
          "do not edit.\n" % (" ".join(shown_args), report["date"], os.path.basename(clang_tidy)))
if args.findings:
    md.append("The flagged files are those of the findings file (a `scripts/run-on-tree.py` run of "
              "every `linuxkernel-*` check over all %s units of the prepared tree); without "
              "`--findings` the script finds them itself.\n" % (
                  len(json.load(open(args.findings)).get("units", [])) or "the"))
md.append("The script copies the tree, applies every fix of `%s` with `clang-tidy -fix`, "
          "rebuilds the objects with the kernel's own flags (one `make %s -k -O <obj>...`, clang "
          "14, before and after the fixes), runs "
          "the tree's `scripts/checkpatch.pl --no-tree` on the diff and runs every `linuxkernel-*` check again "
          "(nothing left to fix, no finding the original file did not have).\n"
          % (CHECK, " ".join(mvars)))
md.append("## Outcome\n")
md.append("| | |\n|---|---|")
md.append("| files with findings | %d |" % len(files))
md.append("| sites found | %d |" % len(sites))
md.append("| fixed | %d |" % len(fixed))
md.append("| left without a fix | %d |" % len(unfixed))
nb = sum(1 for b in builds.values() if b.get("ok"))
md.append("| objects rebuilt after the fixes | %d of %d, %d with new warnings |" % (
    nb, len(builds), sum(1 for b in builds.values() if b.get("new_warnings"))))
md.append("| checkpatch on the diff | %d new messages, %d the original lines had too |" % (
    sum(len(r["new"]) for r in patch_report.values()),
    sum(len(r["preexisting"]) for r in patch_report.values())))
md.append("| fix-its left after -fix | %d |" % sum(l["replacements_offered"] for l in left.values()))
md.append("| new findings of the other checks (scope balance, redundant NOFS) | %d (%d before the "
          "fixes) |" % (sum(len(l["new_findings"]) for l in left.values()),
                        sum(l["other_findings_before"] for l in left.values())))
md.append("| failures | %s |\n" % ("none" if not failures else cell("; ".join(failures))))
md.append("## Sites\n")
md.append("| file | line | finding | outcome |\n|---|---|---|---|")
for s in sites:
    md.append("| `%s` | %d | %s | %s |" % (
        s["file"], s["line"], cell(s["message"].split(": mark the")[0].split(" never falls")[0]
                                   .split(" can deadlock")[0]),
        "fixed" if s["fixed"] else "no fix: " + cell(s["reason"] or "?")))
md.append("")
if unfixed:
    md.append("## Left without a fix\n")
    md.append("The check says why in a note (`no fix-it: ...`); these are cases where no rewrite "
              "could be guaranteed to be correct and kernel-style, so none is offered.\n")
    for reason, n in collections.Counter(s["reason"] or "?" for s in unfixed).most_common():
        where = ", ".join("`%s:%d`" % (s["file"], s["line"]) for s in unfixed
                          if (s["reason"] or "?") == reason)
        md.append("- %s (%d): %s" % (reason, n, where))
    md.append("")
md.append("## Builds and checkpatch\n")
md.append("| file | object | builds | new compiler warnings | checkpatch (new / pre-existing) |")
md.append("|---|---|---|---|---|")
for rel in files:
    b = builds.get(rel, {})
    r = patch_report.get(rel, {"new": [], "preexisting": []})
    md.append("| `%s` | `%s` | %s | %s | %d / %d%s |" % (
        rel, b.get("object", "-"), "yes" if b.get("ok") else "NO",
        len(b.get("new_warnings", [])) or "none", len(r["new"]), len(r["preexisting"]),
        (": " + cell("; ".join(r["new"] + r["preexisting"]))) if r["new"] or r["preexisting"]
        else ""))
md.append("")
if diffs:
    rel, d = max(diffs, key=lambda x: sum(1 for l in x[1].splitlines() if l.startswith("+")))
    example = next((x for x in diffs if x[0] == "fs/gfs2/dir.c"), (rel, d))
    md.append("## Example: `%s`\n" % example[0])
    md.append("```diff\n%s```\n" % example[1])
text = "\n".join(md)
with open(os.path.join(out, "report.md"), "w") as f:
    f.write(text)
if args.doc:
    with open(args.doc, "w") as f:
        f.write(text)
log("report: %s/report.md; %d sites, %d fixed, %d failures" % (out, len(sites), len(fixed),
                                                               len(failures)))
for fl in failures:
    print("FAIL: " + fl, file=sys.stderr)
sys.exit(1 if failures else 0)
