"""Facts of a prepared kernel tree (its version, compile database, units,
the function enclosing a line) and the tools of one LLVM release (the
plugin, clang-tidy, the gfpscope checks the plugin has)."""

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

from .cli import InputError, NothingAnalysed

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # scripts/
ROOT = os.path.dirname(HERE)
# A call of the memalloc scope API (save or restore, any family).
SCOPE_API = re.compile(r"\bmemalloc_(?:nofs|noio|noreclaim|pin|nocma|flags)_(?:save|restore)\s*\(")
# A kernel-style function definition's first line: the name and its "(".
FUNC = re.compile(r"^(?:[A-Za-z_][\w\s\*,()]*?[\s\*])?(?P<name>[A-Za-z_]\w*)\s*\(")
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
            hint = ("install gfpscope for LLVM %s" if INSTALL_PREFIX
                    else "build gfpscope: scripts/build.sh %s")
            raise InputError("missing %s (%s)" % (path, hint % args.llvm))
    args.plugin_source = args.plugin
    for attempt in range(30 if recently_written(args.plugin) else 1):
        args.plugin, args.plugin_sha1 = snapshot(args.plugin_source)
        try:
            if list_checks(args.clang_tidy, args.plugin):
                break
        except subprocess.CalledProcessError:
            pass
        # being rebuilt (a half-written .so does not load): wait for the build to finish
        if attempt < 29 and recently_written(args.plugin_source):
            print("%s does not load (being rebuilt?), waiting" % args.plugin_source, file=sys.stderr)
            time.sleep(20)
    else:
        raise NothingAnalysed("%s has no linuxkernel-* check or does not load%s"
                              % (args.plugin_source, load_error(args.clang_tidy, args.plugin)))
    return args


def load_error(clang_tidy, plugin):
    """": <why>" when clang-tidy says it cannot open the plugin, else ""."""
    out = subprocess.run([clang_tidy, "--load=" + plugin, "--list-checks"], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, universal_newlines=True).stdout
    m = re.search(r"^Error opening '[^']*': (.*)$", out, re.M)
    return ": " + m.group(1) if m else ""


def recently_written(path, seconds=300):
    """A plugin written in the last minutes may be a build in progress."""
    return time.time() - os.path.getmtime(path) < seconds


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
    """"6.1.192", from the tree's top Makefile."""
    fields = {}
    with open(os.path.join(tree, "Makefile")) as f:
        for line in f:
            m = re.match(r"^(VERSION|PATCHLEVEL|SUBLEVEL) = (\d+)", line)
            if m:
                fields[m.group(1)] = m.group(2)
            if len(fields) == 3:
                break
    if "VERSION" not in fields or "PATCHLEVEL" not in fields:
        raise InputError("%s/Makefile: no VERSION and PATCHLEVEL: not a kernel tree" % tree)
    return "%s.%s.%s" % (fields["VERSION"], fields["PATCHLEVEL"], fields.get("SUBLEVEL", "0"))


_source_cache = {}


def _source_lines(path):
    if path not in _source_cache:
        try:
            with open(path, errors="replace") as f:
                _source_cache[path] = f.read().splitlines()
        except OSError:
            _source_cache[path] = []
    return _source_cache[path]


def _definition_name(lines, brace):
    """The name of the definition whose body brace is on line index
    `brace` (column 0), from the lines above it."""
    for j in range(brace - 1, max(brace - 8, -1), -1):
        m = FUNC.match(lines[j])
        if m and not lines[j].startswith(("#", "static const", "struct ")):
            return m.group("name")
    return ""


def _one_line_definition(text):
    """The name of a definition that opens its body on its own first line
    (`static void f(void) { ... }`, `int f(int x) {`), else ""."""
    if text[:1].isspace() or "{" not in text or text.startswith(("#", "static const", "struct ")):
        return ""
    head = text.split("{", 1)[0]
    m = FUNC.match(head)
    return m.group("name") if m and head.rstrip().endswith(")") else ""


def enclosing_function(path, line):
    """The function definition (name at column 0, body brace at column 0 or
    at the end of the signature's line) that encloses `line` of a file:
    good enough to group and fingerprint."""
    if not path or not line:
        return ""
    lines = _source_lines(path)
    for i in range(min(line, len(lines)) - 1, -1, -1):
        if lines[i].startswith("}") and i < line - 1:
            return ""
        if lines[i].startswith("{"):
            return _definition_name(lines, i)
        name = _one_line_definition(lines[i])
        if name:
            return name
    return ""


def tidy_config(checks, version):
    """--config for our checks: the tree's kernel version for every check
    that has the option (an option a check does not have is ignored)."""
    return json.dumps({"CheckOptions": {c + ".KernelVersion": version
                                        for c in checks if c.startswith("linuxkernel-")}})


def compile_db(tree, path=None):
    """{absolute source path: (directory, argv)} of the tree's
    compile_commands.json (or the database at `path`), the first entry of
    each file."""
    path = path or os.path.join(tree, "compile_commands.json")
    try:
        with open(path) as f:
            entries = json.load(f)
    except json.JSONDecodeError as e:
        raise InputError("%s: not valid JSON: %s" % (path, e))
    db = {}
    for e in entries:
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        argv = e.get("arguments") or shlex.split(e["command"])
        db.setdefault(path, (e["directory"], argv))
    return db


# kbuild's compile command inside a dry run's recipe line:
# "...; clang -Wp,... -c -o fs/ext4/inode.o fs/ext4/inode.c  ; scripts/basic/fixdep ..."
DRY_RUN_COMPILE = re.compile(r"(?:^|;)\s*((?:\S*/)?clang [^;]*? -c -o (\S+\.o) (\S+\.c))\s*(?:;|$)")


def dry_run(tree, state):
    """kbuild's dry run of the whole build (as scripts/prepare-kernel-tree.sh
    runs it), cached in `state`/dry-run.txt."""
    path = os.path.join(state, "dry-run.txt")
    if os.path.exists(path):
        return path
    version = kernel_version(tree)
    make = ["make", "LLVM=1"] + (["LLVM_IAS=1"] if version.startswith("5.10") else [])
    env = dict(os.environ, PATH="/usr/lib/llvm-14/bin:" + os.environ.get("PATH", ""))
    os.makedirs(state, exist_ok=True)
    with open(path + ".tmp", "w") as out:
        subprocess.run(make + ["-n", "-k", "vmlinux", "modules"], cwd=tree, env=env,
                       stdout=out, stderr=subprocess.DEVNULL)
    os.replace(path + ".tmp", path)
    return path


def build_db(tree, state, db_path, dirs=None):
    """Write `db_path`, a compile database of every C unit the tree's config
    builds (under `dirs` only, when given), and return the units' paths.
    The prepared tree's own database has only the units that use the APIs;
    kbuild's dry run (`make -n`, cached in `state`) has the commands of the
    rest."""
    # "." (or "") is the whole tree, as in `nofs-audit.py --dirs .`
    dirs = [os.path.normpath(d) for d in dirs or ["."]]
    prefixes = ("",) if "." in dirs else tuple(d + "/" for d in dirs)
    entries, seen = [], set()
    with open(dry_run(tree, state), errors="replace") as f:
        for line in f:
            for m in DRY_RUN_COMPILE.finditer(line):
                command, source = m.group(1), m.group(3)
                if source in seen or not source.startswith(prefixes):
                    continue
                if not os.path.exists(os.path.join(tree, source)):
                    continue
                seen.add(source)
                entries.append({"directory": tree, "file": os.path.join(tree, source),
                                "arguments": shlex.split(command)})
    # make -n lists only what is out of date: the objects the tree's own
    # database was made from (scripts/prepare-kernel-tree.sh built them) are
    # not in it, but their commands are in that database.
    if os.path.exists(os.path.join(tree, "compile_commands.json")):
        for path, (directory, argv) in sorted(compile_db(tree).items()):
            source = os.path.relpath(path, tree)
            if path.endswith(".c") and source not in seen and source.startswith(prefixes):
                seen.add(source)
                entries.append({"directory": directory, "file": path, "arguments": argv})
    with open(db_path, "w") as f:
        json.dump(entries, f, indent=0)
    return [e["file"] for e in entries]


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


def run_unit(args, config, source):
    """clang-tidy with the plugin and args.check_names on one unit of the
    tree: (source, exit status or None on a timeout, output, seconds)."""
    # args.db_dir: a database of more units than the tree's own (build_db)
    cmd = [args.clang_tidy, "--load=" + args.plugin, "-p", getattr(args, "db_dir", None) or args.tree,
           "--checks=-*," + ",".join(args.check_names), "--config=" + config,
           "--header-filter=.*", "--quiet", source]
    cmd += ["--extra-arg=" + a for a in args.extra_arg]
    start = time.time()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, errors="replace", timeout=args.timeout)
        rc, output = proc.returncode, proc.stdout
    except subprocess.TimeoutExpired as e:
        out = e.output or ""
        rc, output = None, out.decode(errors="replace") if isinstance(out, bytes) else out
    return source, rc, output, time.time() - start


def scope_api_units(tree, db=None, helpers=None):
    """Absolute paths of the tree's .c units whose text calls the scope API,
    or one of `helpers` (scope_helpers())."""
    calls = helper_calls(helpers)
    found = []
    for path in sorted(db or compile_db(tree)):
        if not path.endswith(".c") or not path.startswith(tree + os.sep):
            continue
        try:
            with open(path, errors="replace") as f:
                text = f.read()
        except OSError:
            continue
        if SCOPE_API.search(text) or (calls and calls.search(text)):
            found.append(path)
    return found


# The operation of a scope API call: "save" or "restore".
SCOPE_OP = re.compile(r"\bmemalloc_(?:nofs|noio|noreclaim|pin|nocma|flags)_(save|restore)\s*\(")
# Where a tree's headers are: not its tools, documentation or samples.
HEADER_SKIP = {"tools", "Documentation", "samples", "scripts", "usr"}


def helper_calls(helpers):
    """A regex matching a call of one of `helpers`, or None."""
    if not helpers:
        return None
    return re.compile(r"\b(%s)\s*\(" % "|".join(sorted(map(re.escape, helpers))))


def _header_functions_calling(headers, pattern, op_of):
    """{function: {ops}} of the functions in `headers` whose body has a call
    `pattern` matches, `op_of(match)` its operation."""
    ops = {}
    for path in headers:
        with open(path, errors="replace") as f:
            if not pattern.search(f.read()):
                continue
        for i, text in enumerate(_source_lines(path), 1):
            code = text.split("//", 1)[0]
            if code.lstrip().startswith(("#", "*", "/*")):
                continue
            for m in pattern.finditer(code):
                # The definition or prototype of the function itself
                # (`static inline unsigned int memalloc_noio_save(void)`):
                # not a call.
                head = FUNC.match(code)
                if head and not code[:1].isspace() and head.start("name") == m.start():
                    continue
                name = enclosing_function(path, i)
                if name:
                    ops.setdefault(name, set()).add(op_of(m))
    return ops


def scope_helpers(tree):
    """{name: "save" or "restore"}: the functions of the tree's headers that
    open a scope and never close one, or close one and never open one
    (ext4_writepages_down_write() / ext4_writepages_up_write(), 6.1.y and
    6.6+), through the API or such helpers, found from the source text. A
    function that calls one is analysed by linuxkernel-memalloc-scope-balance
    (ScopeCallIndex) though its unit's text names no scope function."""
    headers = []
    for top in sorted(os.listdir(tree)):
        if top in HEADER_SKIP or not os.path.isdir(os.path.join(tree, top)):
            continue
        for d, _, files in os.walk(os.path.join(tree, top)):
            headers += [os.path.join(d, f) for f in sorted(files) if f.endswith(".h")]
    helpers = {}
    # Each round adds a level of helpers of helpers.
    for _ in range(5):
        ops = _header_functions_calling(headers, SCOPE_OP, lambda m: m.group(1))
        calls = helper_calls(helpers)
        if calls:
            more = _header_functions_calling(headers, calls, lambda m: helpers[m.group(1)])
            for n, o in more.items():
                ops.setdefault(n, set()).update(o)
        found = {n: next(iter(o)) for n, o in ops.items()
                 if len(o) == 1 and not SCOPE_API.match(n + "(")}
        if found == helpers:
            break
        helpers = found
    return helpers
