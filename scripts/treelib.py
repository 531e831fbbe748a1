"""Helpers shared by scripts/run-on-tree.py and scripts/bench.py: the tools of
one LLVM release, the gfpscope checks the plugin has, the translation units
of a prepared kernel tree and their compile commands."""

import atexit
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# Set by the installed commands (bin/gfpscope-run-on-tree, made from
# cmake/script-command.sh.in): the installation prefix and its primary LLVM
# release. Then the default plugin is the installed one, and results go
# under the current directory instead of next to the scripts.
INSTALL_PREFIX = os.environ.get("GFPSCOPE_INSTALL_PREFIX", "")
DEFAULT_LLVM = os.environ.get("GFPSCOPE_LLVM", "22") if INSTALL_PREFIX else "22"


def results_root():
    """Where results/<tree> goes by default: the checkout, or when
    installed, the current directory."""
    return os.getcwd() if INSTALL_PREFIX else ROOT


def add_tool_options(p):
    """--llvm/--build/--plugin/--clang-tidy/--clang, resolved by tools()."""
    p.add_argument("--llvm", default=DEFAULT_LLVM, help="LLVM release of the tools (default %s)" % DEFAULT_LLVM)
    p.add_argument("--build", help="gfpscope build directory (default build/ for 22, build-<v>/ otherwise;"
                   " installed: <prefix>/lib/gfpscope/llvm-<v>)")
    p.add_argument("--plugin", help="the plugin (default <build>/lib/gfpscope.so; installed:"
                   " <prefix>/lib/gfpscope/llvm-<v>/gfpscope.so)")
    p.add_argument("--clang-tidy", dest="clang_tidy", help="default /usr/lib/llvm-<v>/bin/clang-tidy")
    p.add_argument("--clang", help="default /usr/lib/llvm-<v>/bin/clang")


def tools(args):
    if INSTALL_PREFIX and not args.build and not args.plugin:
        args.build = os.path.join(INSTALL_PREFIX, "lib", "gfpscope", "llvm-" + args.llvm)
        args.plugin = os.path.join(args.build, "gfpscope.so")
    build = args.build or os.path.join(ROOT, "build" if args.llvm == "22" else "build-" + args.llvm)
    args.build = build
    args.plugin = args.plugin or os.path.join(build, "lib", "gfpscope.so")
    args.clang_tidy = args.clang_tidy or "/usr/lib/llvm-%s/bin/clang-tidy" % args.llvm
    args.clang = args.clang or "/usr/lib/llvm-%s/bin/clang" % args.llvm
    for path in (args.plugin, args.clang_tidy):
        if not os.path.exists(path):
            hint = ("install gfpscope for LLVM %s" if INSTALL_PREFIX else "build gfpscope: scripts/build.sh %s")
            raise SystemExit("missing %s (%s)" % (path, hint % args.llvm))
    args.plugin_source = args.plugin
    for attempt in range(30):
        args.plugin, args.plugin_sha1 = snapshot(args.plugin_source)
        try:
            if list_checks(args.clang_tidy, args.plugin):
                break
        except subprocess.CalledProcessError:
            pass
        # being rebuilt (a half-written .so does not load): wait for the build to finish
        print("%s does not load (being rebuilt?), waiting" % args.plugin_source, file=sys.stderr)
        time.sleep(20)
    else:
        raise SystemExit("%s has no linuxkernel-* check or does not load" % args.plugin_source)
    return args


def snapshot(plugin):
    """A private copy of the plugin for the whole run, so that a rebuild of
    build/ during a long run cannot make some units load a half-written .so;
    and its SHA-1."""
    tmp = tempfile.mkdtemp(prefix="gfpscope-plugin-")
    atexit.register(shutil.rmtree, tmp, True)
    copy = os.path.join(tmp, os.path.basename(plugin))
    shutil.copy2(plugin, copy)
    with open(copy, "rb") as f:
        sha1 = hashlib.sha1(f.read()).hexdigest()
    return copy, sha1


def list_checks(clang_tidy, plugin, pattern="linuxkernel-*"):
    """The checks that `-checks=-*,<pattern>` enables with the plugin loaded,
    minus upstream's (linuxkernel-must-check-errs is not ours)."""
    out = subprocess.run([clang_tidy, "--load=" + plugin, "-checks=-*," + pattern, "--list-checks"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                         check=True).stdout
    names = [l.strip() for l in out.splitlines() if re.match(r"^\s+[a-z][\w.-]*$", l)]
    return [n for n in names if n != "linuxkernel-must-check-errs"]


def kernel_version(tree):
    fields = {}
    with open(os.path.join(tree, "Makefile")) as f:
        for line in f:
            m = re.match(r"^(VERSION|PATCHLEVEL|SUBLEVEL) = (\d+)", line)
            if m:
                fields[m.group(1)] = m.group(2)
            if len(fields) == 3:
                break
    return "%s.%s.%s" % (fields["VERSION"], fields["PATCHLEVEL"], fields.get("SUBLEVEL", "0"))


def tidy_config(checks, version):
    """--config for our checks: the tree's kernel version for every check
    that has the option (an option a check does not have is ignored)."""
    return json.dumps({"CheckOptions": {c + ".KernelVersion": version
                                        for c in checks if c.startswith("linuxkernel-")}})


def compile_db(tree):
    """{absolute source path: (directory, argv)} of compile_commands.json,
    the first entry of each file."""
    with open(os.path.join(tree, "compile_commands.json")) as f:
        entries = json.load(f)
    db = {}
    for e in entries:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        argv = e.get("arguments") or shlex.split(e["command"])
        db.setdefault(path, (e["directory"], argv))
    return db


def units(tree, files=None, db=None):
    """Absolute paths of the units: `files` (relative to the tree or
    absolute), else the tree's .gfpscope-prepared list, else every .c file
    of the compile database."""
    if not files:
        listing = os.path.join(tree, ".gfpscope-prepared")
        if os.path.exists(listing):
            with open(listing) as f:
                files = [l.strip() for l in f if l.strip()]
        else:
            files = sorted(p for p in (db or compile_db(tree)) if p.endswith(".c"))
    return [os.path.normpath(f if os.path.isabs(f) else os.path.join(tree, f)) for f in files]


def syntax_only(argv, clang):
    """A unit's compile command as a parse-only run of `clang`: what
    clang-tidy does to it (no output file, no dependency file, -fsyntax-only)."""
    out, skip = [clang], False
    for a in argv[1:]:
        if skip:
            skip = False
            continue
        if a in ("-c", "-S", "-E"):
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a.startswith(("-Wp,-MD", "-Wp,-MMD")) or a in ("-MD", "-MMD"):
            continue
        if a.startswith("-o") and len(a) > 2:
            continue
        out.append(a)
    return out + ["-fsyntax-only"]


def uptime():
    try:
        return subprocess.run(["uptime"], stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()
    except OSError:
        return "load average: %.2f, %.2f, %.2f" % os.getloadavg()
