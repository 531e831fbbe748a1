#!/usr/bin/env python3
"""Applies linuxkernel-redundant-nofs's fix-its to copies of the flagged files
of a prepared kernel tree and shows that they still build.

  scripts/redundant-nofs-fixes.py <tree> [--files 'a.c b.c'] [--out DIR]
                                  [--llvm 22|19] [--doc FILE]

The tree is only read: each flagged file (default: the files of the findings
table of docs/results/redundant-nofs-<tree>.md) is copied to DIR/orig/<path>
and DIR/fixed/<path>, and the kernel's own command for it from the tree's
compile_commands.json is run on the copies, in the tree, with three changes:
the source is the copy, the object and dependency files go to DIR, and
`-iquote <the original's directory>` keeps the file's own "..." headers
visible. Steps, per file:
  1. `clang-tidy -p DIR --load=<plugin> -checks=-*,linuxkernel-redundant-nofs
     -fix` with CrossFunctionScopes on (it finds every finding of the default
     options too) on DIR/fixed/<path>;
  2. the kernel's command on DIR/orig/<path> and on DIR/fixed/<path>: both
     must build, and the fixed copy must not give a warning that the
     original does not (compared by line and message: the fixes change no
     line count);
  3. the check again on the fixed copy: no finding left but those whose note
     says "no fix-it";
  4. every linuxkernel-* check with -fix on a third copy DIR/all/<path> (the
     fixes of linuxkernel-vmalloc-nofs and of this check together): it must
     build without new warnings too.
The report (markdown, with the diff) goes to DIR/report.md and, with --doc,
to FILE. Exit status 1 when a step fails.

With --audit-verdicts (the tree-wide audit's verdicts.json, docs/audit.md)
the check also applies the audit's cross-file verdicts (a static function's
id is its file relative to the compile command's directory, the tree: the
copies' static functions are given the ids of the originals, in a copy of
the verdicts), --db names the compile_commands.json to take the commands
from (the audit's: every unit of its directories), and the diff of all the
files is checked with the tree's scripts/checkpatch.pl (a bare diff: no
commit message).
"""

import argparse
import difflib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import datetime

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from gfpscope_tools import cli, kerneltree, diagnostics as diagnostics_lib  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
CHECK = "linuxkernel-redundant-nofs"
CONFIG = "{CheckOptions: {%s.CrossFunctionScopes: 1}}" % CHECK
LLVM14 = "/usr/lib/llvm-14/bin"
DIAG = diagnostics_lib.DIAG


def run(cmd, cwd=None, env=None):
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True)
    return proc.returncode, proc.stdout


def diagnostics(output, path):
    """(line, kind, message, check) of the diagnostics about \\p path."""
    found = []
    for line in output.splitlines():
        m = DIAG.match(line)
        if m and os.path.realpath(m.group("file")) == os.path.realpath(path):
            found.append((int(m.group("line")), m.group("kind"), m.group("msg"),
                          m.group("check") or ""))
    return found


def findings(output, path):
    """The check's warnings, each with its "no fix-it" reason or None."""
    result = []
    for line, kind, msg, check in diagnostics(output, path):
        if kind == "warning" and CHECK in check.split(","):
            result.append([line, msg, None])
        elif kind == "note" and msg.startswith("no fix-it: ") and result:
            result[-1][2] = msg
    return result


def doc_files(doc):
    files = []
    with open(doc) as f:
        for line in f:
            m = re.match(r"^\|[^|]*\|\s*([\w./-]+\.c):", line)
            if m and m.group(1) not in files:
                files.append(m.group(1))
    return files


@cli.main
def main():
    p = argparse.ArgumentParser(prog="redundant-nofs-fixes.py")
    p.add_argument("tree")
    p.add_argument("--files", help="space-separated files, relative to the tree")
    p.add_argument("--out")
    p.add_argument("--llvm", default="22")
    p.add_argument("--doc", help="also write the report here (markdown)")
    p.add_argument("--audit-verdicts", help="the audit's verdicts.json (the check's AuditVerdicts)")
    p.add_argument("--db", help="the compile_commands.json to use (default: the tree's)")
    args = p.parse_args()
    config = CONFIG
    audit_verdicts = None
    if args.audit_verdicts:
        with open(args.audit_verdicts) as f:
            audit_verdicts = json.load(f)

    tree = os.path.realpath(args.tree)
    name = os.path.basename(tree)
    out = os.path.realpath(args.out or os.path.join("/tmp", "redundant-nofs-fixes-" + name))
    if (out + "/").startswith(REPO + "/") or (out + "/").startswith(tree + "/"):
        sys.exit("redundant-nofs-fixes: refusing --out %s inside the repository or the tree" % out)
    build = os.path.join(REPO, "build" if args.llvm == "22" else "build-" + args.llvm)
    plugin = os.path.join(build, "lib", "gfpscope.so")
    tidy = "/usr/lib/llvm-%s/bin/clang-tidy" % args.llvm
    results_doc = os.path.join(REPO, "docs", "results", "redundant-nofs-%s.md" % name)
    files = args.files.split() if args.files else doc_files(results_doc)
    if not files:
        sys.exit("redundant-nofs-fixes: no files (none given, none in %s)" % results_doc)

    with open(args.db or os.path.join(tree, "compile_commands.json")) as f:
        db = {os.path.realpath(os.path.join(e["directory"], e["file"])): e for e in json.load(f)}
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    if audit_verdicts:
        # The copies' static functions under the originals' verdicts.
        copies = dict(audit_verdicts["functions"])
        for fid, entry in audit_verdicts["functions"].items():
            path, sep, name = fid.rpartition("::")
            if sep and path in files:
                for variant in ("orig", "fixed", "all"):
                    copies[os.path.join(out, variant, path) + "::" + name] = entry
        with open(os.path.join(out, "verdicts.json"), "w") as f:
            json.dump(dict(audit_verdicts, functions=copies), f)
        config = "{CheckOptions: {%s.CrossFunctionScopes: 1, %s.AuditVerdicts: '%s'}}" % (
            CHECK, CHECK, os.path.join(out, "verdicts.json"))
    env = dict(os.environ)
    if os.path.isdir(LLVM14):  # the compiler the tree was prepared with
        env["PATH"] = LLVM14 + os.pathsep + env.get("PATH", "")

    def command(entry, source, variant):
        """The kernel's command for \\p entry, on \\p source, outputs in DIR."""
        args_ = entry.get("arguments") or shlex.split(entry["command"])
        rel = os.path.relpath(os.path.realpath(os.path.join(entry["directory"], entry["file"])),
                              tree)
        obj = os.path.join(out, variant, os.path.splitext(rel)[0] + ".o")
        res = []
        i = 0
        while i < len(args_):
            a = args_[i]
            if a == "-o":
                res += ["-o", obj]
                i += 2
                continue
            if a.startswith("-Wp,-MMD,"):
                res.append("-Wp,-MMD," + obj + ".d")
            elif os.path.realpath(os.path.join(entry["directory"], a)) == \
                    os.path.realpath(os.path.join(entry["directory"], entry["file"])):
                res.append(source)
            else:
                res.append(a)
            i += 1
        c = res.index("-c") if "-c" in res else len(res)
        res[c:c] = ["-iquote", os.path.dirname(os.path.join(tree, rel))]
        return res

    copies_db = []
    rows, failed = [], False
    diff_text = []
    for rel in files:
        entry = db.get(os.path.realpath(os.path.join(tree, rel)))
        if not entry:
            rows.append((rel, "not in compile_commands.json", "", "", "", "FAIL"))
            failed = True
            continue
        paths = {}
        for variant in ("orig", "fixed", "all"):
            path = os.path.join(out, variant, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            shutil.copy2(os.path.join(tree, rel), path)
            paths[variant] = path
            cmd = command(entry, path, variant)
            copies_db.append({"directory": entry["directory"], "file": path, "arguments": cmd})
        with open(os.path.join(out, "compile_commands.json"), "w") as f:
            json.dump(copies_db, f, indent=1)

        logs = os.path.join(out, "logs")
        os.makedirs(logs, exist_ok=True)
        base = rel.replace("/", "_")
        # 1. The fixes.
        rc, text = run([tidy, "-p", out, "--load=" + plugin, "--checks=-*," + CHECK,
                        "--config=" + config, "-fix", paths["fixed"]])
        open(os.path.join(logs, base + ".tidy.log"), "w").write(text)
        found = findings(text, paths["fixed"])
        fixed_n = sum(1 for f in found if f[2] is None)
        # 4. Every linuxkernel-* check with -fix.
        rc_all, text_all = run([tidy, "-p", out, "--load=" + plugin, "--checks=-*,linuxkernel-*",
                                "--config=" + config, "-fix", paths["all"]])
        open(os.path.join(logs, base + ".all.log"), "w").write(text_all)

        # 2. The kernel's command on the original and on the fixed copies.
        warnings = {}
        ok = True
        for variant in ("orig", "fixed", "all"):
            cmd = command(entry, paths[variant], variant)
            os.makedirs(os.path.dirname(cmd[cmd.index("-o") + 1]), exist_ok=True)
            rc_cc, cc = run(cmd, cwd=entry["directory"], env=env)
            open(os.path.join(logs, base + "." + variant + ".cc.log"), "w").write(
                " ".join(shlex.quote(a) for a in cmd) + "\n" + cc)
            if rc_cc != 0:
                ok = False
            warnings[variant] = {(l, m) for l, k, m, _ in diagnostics(cc, paths[variant])
                                 if k in ("warning", "error")}
        new = sorted(warnings["fixed"] - warnings["orig"])
        new_all = sorted(warnings["all"] - warnings["orig"])
        # 3. The check again.
        rc2, again = run([tidy, "-p", out, "--load=" + plugin, "--checks=-*," + CHECK,
                          "--config=" + config, paths["fixed"]])
        open(os.path.join(logs, base + ".again.log"), "w").write(again)
        left = [f for f in findings(again, paths["fixed"]) if f[2] is None]
        unfixed = [f for f in found if f[2] is not None]
        status = "ok" if ok and not new and not new_all and not left and rc == 0 else "FAIL"
        failed |= status != "ok"
        rows.append((rel, "%d (%d fixed)" % (len(found), fixed_n),
                     "builds, %d warnings before, %d after, %d new" % (
                         len(warnings["orig"]), len(warnings["fixed"]), len(new))
                     if ok else "DOES NOT BUILD",
                     "%d left with a fix" % len(left),
                     "builds, %d new warnings" % len(new_all) if ok else "DOES NOT BUILD",
                     status))
        for line, msg, why in unfixed:
            rows.append((rel + ":%d" % line, "no fix: " + why[len("no fix-it: "):], "", "", "", ""))
        for line, msg in new + new_all:
            rows.append((rel + ":%d" % line, "new warning: " + msg, "", "", "", ""))
        orig_lines = open(paths["orig"]).read().splitlines(keepends=True)
        fixed_lines = open(paths["fixed"]).read().splitlines(keepends=True)
        diff_text += difflib.unified_diff(orig_lines, fixed_lines, "a/" + rel, "b/" + rel, n=2)
        all_lines = open(paths["all"]).read().splitlines(keepends=True)
        if all_lines != fixed_lines:
            rows.append((rel, "all linuxkernel-* fixes differ from this check's alone "
                         "(see DIR/all)", "", "", "", ""))

    version = kerneltree.kernel_version(tree)
    report = []
    report.append("# linuxkernel-redundant-nofs fix-its on Linux %s\n" % version)
    report.append("Generated by `scripts/redundant-nofs-fixes.py %s%s` on %s with LLVM %s "
                  "(clang-tidy and the plugin); compiled with the tree's own commands "
                  "(`%s`).\n" % (
                      "<tree>", (" --files '%s'" % args.files) if args.files else "",
                      datetime.datetime.utcnow().strftime("%Y-%m-%d"), args.llvm,
                      run(["clang", "--version"], env=env)[1].splitlines()[0]))
    report.append("The tree is not modified: the flagged files are copied, fixed with "
                  "`clang-tidy -fix` (checks `-*,%s`, CrossFunctionScopes on) and built with "
                  "the kernel's command from compile_commands.json, the source replaced by "
                  "the copy, the object and dependency files sent elsewhere and `-iquote` the "
                  "original's directory added. \"New\" warnings are those of the fixed copy "
                  "that the original copy, built the same way, does not give (by line and "
                  "message). \"All checks\" runs every linuxkernel-* check with -fix on another "
                  "copy.\n" % CHECK)
    report.append("| file | findings | kernel command, fixed copy | check again | "
                  "all checks -fix | result |")
    report.append("|---|---|---|---|---|---|")
    for r in rows:
        report.append("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")
    checkpatch = os.path.join(tree, "scripts", "checkpatch.pl")
    if args.audit_verdicts and os.path.exists(checkpatch) and diff_text:
        patch = os.path.join(out, "fixes.patch")
        with open(patch, "w") as f:
            f.write("".join(diff_text))
        rc_cp, cp = run(["perl", checkpatch, "--no-tree", "--no-signoff", "--terse",
                         "--show-types", "--ignore", "COMMIT_MESSAGE", patch], cwd=tree)
        open(os.path.join(out, "checkpatch.log"), "w").write(cp)
        failed |= rc_cp != 0
        report.append("`scripts/checkpatch.pl --no-tree --no-signoff` on the diff: %s\n" % (
            "clean" if rc_cp == 0 else "FAIL:\n\n```\n" + cp + "```"))
    report.append("\nResult: %s.\n" % ("FAIL" if failed else "all fixed files build without "
                                        "new warnings, nothing left to fix"))
    report.append("The fixes:\n\n```diff\n" + "".join(diff_text) + "```\n")
    text = "\n".join(report)
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write(text)
    if args.doc:
        with open(args.doc, "w") as f:
            f.write(text)
    print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
