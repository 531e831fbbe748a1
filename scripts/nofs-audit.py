#!/usr/bin/env python3
"""The kernel-wide NOFS audit in one command (issue 16, docs/audit.md):
which explicit GFP_NOFS/GFP_NOIO masks of a tree already run inside a
memalloc scope on every call chain, across files.

  scripts/nofs-audit.py --tree /work/trees/linux-6.12 [--dirs fs block drivers/md mm]
                        [--out results/audit-linux-6.12] [-j N] [--llvm 22 | --plugin P --clang-tidy T]
                        [--scope-functions SPEC] [--title TITLE]

Steps (each restartable: a unit whose summary exists is not analysed again):
  1. the compile database of every unit under --dirs that the tree's config
     builds, from kbuild's own dry run (`make -n`; the prepared tree's
     database has only the units that use the APIs);
  2. the map step: linuxkernel-redundant-nofs with AuditSummaryDir on every
     unit (its findings are printed as usual), -j in parallel: one JSON
     summary per unit, in OUT/summaries;
  3. the reduce step (gfpscope_tools.audit): one call graph, the fixpoint,
     a verdict per site; OUT/verdicts.json (read back by the check's
     AuditVerdicts option), OUT/report.json and OUT/report.md.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gfpscope_tools import audit, kerneltree  # noqa: E402
from gfpscope_tools.cli import InputError, NothingAnalysed, main as cli_main  # noqa: E402

CHECK = "linuxkernel-redundant-nofs"
def audit_db(tree, dirs, out):
    """OUT/compile_commands.json: the units under `dirs` that the tree's
    config builds."""
    db_path = os.path.join(out, "compile_commands.json")
    sources = kerneltree.build_db(tree, out, db_path, dirs)
    if not sources:
        raise InputError("the dry run of %s lists no unit under %s" % (tree, " ".join(dirs)))
    return sources


def summary_path(summaries, tree, source):
    return os.path.join(summaries, os.path.relpath(source, tree).replace("/", "_") + ".json")


def extract(args, sources):
    """The map step on every unit without a summary; (analysed, failed units)."""
    summaries = os.path.join(args.out, "summaries")
    options = {CHECK + ".AuditSummaryDir": summaries,
               CHECK + ".KernelVersion": kerneltree.kernel_version(args.tree)}
    if args.scope_functions:
        options[CHECK + ".ScopeFunctions"] = args.scope_functions
    config = json.dumps({"CheckOptions": options})
    todo = [s for s in sources if not os.path.exists(summary_path(summaries, args.tree, s))]
    failed = []
    log = open(os.path.join(args.out, "tidy.log"), "a")

    def one(source):
        cmd = [args.clang_tidy, "--load=" + args.plugin, "-p", args.out, "--checks=-*," + CHECK,
               "--config=" + config, "--quiet", source]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, errors="replace", cwd=args.tree)
        return source, proc.returncode, proc.stdout

    start = time.time()
    with ThreadPoolExecutor(args.j) as pool:
        for n, (source, rc, output) in enumerate(pool.map(one, todo), 1):
            log.write(output)
            if not os.path.exists(summary_path(summaries, args.tree, source)):
                failed.append((source, rc))
            if n % 100 == 0:
                print("  %d/%d units, %.0f s" % (n, len(todo), time.time() - start), file=sys.stderr)
    log.close()
    return len(todo), failed


@cli_main
def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tree", required=True)
    p.add_argument("--dirs", nargs="+", default=["fs", "block", "drivers/md", "mm"])
    p.add_argument("--out", help="default results/audit-<tree name>")
    p.add_argument("-j", type=int, default=os.cpu_count())
    p.add_argument("--scope-functions", help="the checks' ScopeFunctions: a project's own scope "
                   "functions, and contracts (see docs/audit.md)")
    p.add_argument("--title", help="the report's title (default: the tree's name and version)")
    kerneltree.add_tool_options(p)
    args = p.parse_args()
    args.tree = os.path.abspath(args.tree)
    if not os.path.exists(os.path.join(args.tree, "Makefile")):
        raise InputError("%s is not a kernel tree (no Makefile)" % args.tree)
    args.out = os.path.abspath(args.out or os.path.join(
        kerneltree.results_root(), "results", "audit-" + os.path.basename(args.tree)))
    os.makedirs(os.path.join(args.out, "summaries"), exist_ok=True)
    kerneltree.tools(args)
    t0 = time.time()
    sources = audit_db(args.tree, args.dirs, args.out)
    print("nofs-audit: %d units under %s" % (len(sources), " ".join(args.dirs)), file=sys.stderr)
    analysed, failed = extract(args, sources)
    t1 = time.time()
    print("nofs-audit: map step: %d units analysed in %.0f s, %d without a summary%s"
          % (analysed, t1 - t0, len(failed),
             " (" + ", ".join(os.path.relpath(s, args.tree) for s, _ in failed[:5]) + " ...)"
             if failed else ""), file=sys.stderr)
    if len(failed) == len(sources):
        raise NothingAnalysed("no unit produced a summary (see %s/tidy.log)" % args.out)
    title = args.title or "%s (%s)" % (os.path.basename(args.tree), kerneltree.kernel_version(args.tree))
    return audit.main(["merge", "--summaries", os.path.join(args.out, "summaries"),
                       "--verdicts", os.path.join(args.out, "verdicts.json"),
                       "--report", os.path.join(args.out, "report.json"),
                       "--markdown", os.path.join(args.out, "report.md"), "--title", title])


if __name__ == "__main__":
    sys.exit(main())
