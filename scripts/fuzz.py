#!/usr/bin/env python3
"""A seeded mutation fuzzer for the linuxkernel-* checks (docs/robustness.md).

  scripts/fuzz.py [--build build-asan] [--seed S] [--count N] [-j J] [--timeout T]
                  [--budget SECONDS] [--out DIR] [--regressions DIR] [--no-minimize]
  scripts/fuzz.py --replay S:I [...]        one mutant again (printed by a failure)
  scripts/fuzz.py check FILE [--config C] -- <clang args>
                                            the per-mutant oracle on one file (lit)

The corpus is the lit suite's C inputs (test/**/*.c, CHECK and RUN lines
blanked). Mutant I of seed S is a pure function of (S, I, corpus): a random
input, kernel header era and language mode, then 1-4 mutations: delete,
duplicate or replace tokens, lines and braces; truncate the file; inject odd
prototypes (kvmalloc with the wrong arity or types, memalloc_nofs_save as a
macro, a variable or a function pointer, K&R definitions, an allocator
redefined as a macro); inline a kernel fixture header (test/Inputs/kernel-*)
so that its declarations get mutated too; odd check options. Some mutants are
C++ or have no kernel headers at all.

Every mutant runs through all linuxkernel-* checks, with
`clang-tidy -fix --export-fixes`, under the given build (by default
build-asan/bin/clang-tidy, our code under ASan and UBSan). It fails on:
  crash      a signal, a stack dump, a sanitizer report
  hang       more than --timeout seconds (a bound against hangs, not a speed test)
  bad-fix    an exported replacement outside the file or its bytes, overlapping
             another, clang-tidy's "fix conflicts"/"overlaps" notes, or -fix
             giving another file than the exported replacements do
  refix      the fixed file makes clang-tidy crash or hang
  fix-breaks a mutant that clang compiled without errors no longer compiles
             after the fixes
A failing mutant is printed with its replay id, minimized (delta debugging
on lines, keeping the same failure kind) and written as a lit test into
--regressions (default test/fuzz-regressions/). The summary line
"fuzz: N mutants ..." gives the numbers for docs/robustness.md. Exit status 1
when anything failed.
"""

import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from gfpscope_tools import cli, crashes  # noqa: E402

try:
    import yaml
except ImportError:  # pragma: no cover
    yaml = None

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
INPUTS = os.path.join(ROOT, "test", "Inputs")
ERAS = {"4.19": "419", "6.1": "601", "6.15": "615"}
CHECKS = "-*,linuxkernel-vmalloc-nofs,linuxkernel-memalloc-scope-balance,linuxkernel-redundant-nofs"
CRASH = crashes.CRASH
BAD_FIX = re.compile(r"Fix conflicts with existing fix|overlaps with another fix|"
                     r"Failed to apply|Can't apply")
SANITIZER_ENV = {
    "ASAN_OPTIONS": "halt_on_error=1:abort_on_error=1:print_stacktrace=1:detect_leaks=0",
    "UBSAN_OPTIONS": "halt_on_error=1:abort_on_error=1:print_stacktrace=1",
}

TOKEN = re.compile(r"[A-Za-z_]\w*|\d\w*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|->|\+\+|--|"
                   r"<<|>>|&&|\|\||[<>=!]=|##|\S")
VOCABULARY = [
    "kvmalloc", "kvzalloc", "kvmalloc_node", "kvcalloc", "kvmalloc_array", "__vmalloc",
    "__vmalloc_node", "vmalloc", "vzalloc", "kmalloc", "kzalloc", "kvfree", "vfree",
    "memalloc_nofs_save", "memalloc_nofs_restore", "memalloc_noio_save",
    "memalloc_noio_restore", "memalloc_flags_save", "memalloc_flags_restore",
    "GFP_NOFS", "GFP_NOIO", "GFP_KERNEL", "GFP_ATOMIC", "__GFP_FS", "__GFP_IO",
    "__GFP_NOFAIL", "__GFP_ZERO", "PF_MEMALLOC_NOFS", "PF_MEMALLOC_NOIO", "PAGE_KERNEL",
    "NUMA_NO_NODE", "gfp_t", "gfp", "flags", "nofs_flag", "current", "size", "NULL", "0",
    "1", "-1", "~", "|", "&", "^", "!", "(", ")", "{", "}", "[", "]", ";", ",", "*", "=",
    "return", "goto", "out", "if", "else", "while", "do", "for", "break", "static",
    "inline", "void", "int", "unsigned", "struct", "sizeof", "__attribute__", "...",
    "#define", "#if", "#endif", "\\", "/*", "*/", "\"", "'",
]
PROTOTYPES = [
    "void *kvmalloc(size_t size);",
    "void *kvmalloc(unsigned long size, gfp_t flags, int extra);",
    "int kvmalloc(const char *s, ...);",
    "void *kvmalloc();",
    "static void *kvmalloc(size_t size, gfp_t flags) { return 0; }",
    "void *__vmalloc(unsigned long size, gfp_t gfp_mask, pgprot_t prot);",
    "void *__vmalloc(unsigned long size);",
    "void *kvmalloc_node(size_t, gfp_t);",
    "#define kvmalloc(s, f) kmalloc(s, f)",
    "#define kvmalloc(...) ((void *)0)",
    "#define kvmalloc kzalloc",
    "#define __vmalloc(s, g, ...) vmalloc(s)",
    "#define memalloc_nofs_save() 0",
    "#define memalloc_nofs_save memalloc_noio_save",
    "#define memalloc_nofs_restore(x) do { (void)(x); } while (0)",
    "#define memalloc_nofs_restore(...)",
    "#define GFP_NOFS GFP_KERNEL",
    "#define GFP_NOFS 0",
    "#define GFP_NOFS (GFP_KERNEL & ~__GFP_FS",
    "#define __GFP_FS",
    "#undef GFP_KERNEL",
    "#undef GFP_NOFS",
    "int memalloc_nofs_save;",
    "static unsigned int (*memalloc_nofs_save)(void);",
    "extern struct nofs memalloc_nofs_save;",
    "void memalloc_nofs_restore(unsigned int flags, int extra);",
    "unsigned memalloc_nofs_save(void) { return 1; }",
    "unsigned memalloc_nofs_save(a) int a; { return a; }",
    "void *kvmalloc(size, flags) size_t size; gfp_t flags; { return 0; }",
    "void memalloc_nofs_restore(flags) unsigned flags; { }",
    "void *__vmalloc(size, gfp) unsigned long size; { return 0; }",
    "typedef int gfp_t;",
    "typedef struct { int x; } gfp_t;",
    "struct task_struct { int flags; };",
    "enum { GFP_NOFS = 3 };",
    "int kvmalloc = 3;",
    "void kvfree(const void *);",
    "void *kvmalloc(size_t size, gfp_t flags) __attribute__((alias(\"kmalloc\")));",
    "#pragma once",
    "#line 1 \"<odd>\"",
    "_Static_assert(1, \"\");",
    "__asm__(\"\");",
]
STATEMENTS = [
    "p = kvmalloc(n, GFP_NOFS);",
    "p = kvmalloc(n);",
    "p = kvmalloc(n, GFP_NOFS, 3);",
    "p = kvmalloc(GFP_NOFS, n);",
    "p = kvmalloc(n, (gfp_t)\"nofs\");",
    "p = __vmalloc(n, GFP_NOFS | __GFP_ZERO);",
    "p = __vmalloc(n, GFP_NOIO, PAGE_KERNEL);",
    "p = kvzalloc(n, GFP_KERNEL & ~__GFP_FS);",
    "p = (kvmalloc)(n, GFP_NOFS);",
    "p = (&kvmalloc)(n, GFP_NOFS);",
    "p = kvmalloc(sizeof(*p), ({ gfp_t g = GFP_NOFS; g; }));",
    "{ unsigned nofs_flag = memalloc_nofs_save(); p = kvmalloc(n, GFP_NOFS); "
    "memalloc_nofs_restore(nofs_flag); }",
    "memalloc_nofs_restore(memalloc_nofs_save());",
    "memalloc_nofs_save();",
    "memalloc_nofs_restore();",
    "memalloc_nofs_restore(1, 2);",
    "memalloc_nofs_restore(nofs_flag);",
    "unsigned nofs_flag = memalloc_nofs_save();",
    "unsigned nofs_flag = memalloc_noio_save(); memalloc_nofs_restore(nofs_flag);",
    "if (n) return 0;",
    "if (n) goto out;",
    "out: ;",
    "while (n--) p = kvmalloc(n, GFP_NOFS);",
    "for (;;) { memalloc_nofs_save(); }",
    "switch (n) { case 1: memalloc_nofs_save(); break; default: ; }",
    "current->flags |= PF_MEMALLOC_NOFS;",
    "return kvmalloc(n, GFP_NOFS);",
    "return;",
    "__builtin_unreachable();",
    "asm volatile(\"\" ::: \"memory\");",
]
OPTIONS = {
    "linuxkernel-vmalloc-nofs.KernelVersion": ["", "4.19", "5.10", "6.1.192", "6.15", "abc",
                                               "99999999999999999999", "5.", "-1", "6.1.x.y"],
    "linuxkernel-vmalloc-nofs.ExtraAllocators": ["", "my_alloc", "my_alloc:kvmalloc;;:",
                                                 ":kvmalloc", "kvmalloc:vmalloc", "x:y:z"],
    "linuxkernel-vmalloc-nofs.NofsCookieName": ["nofs_flag", "", "n", "int", "nofs flag"],
    "linuxkernel-vmalloc-nofs.NoioCookieName": ["noio_flag", "", "p"],
    "linuxkernel-vmalloc-nofs.ScopeComment": ["", "/* x */", "*/", "\n", "%s%s%n"],
    "linuxkernel-vmalloc-nofs.InsertInclude": ["true", "false", "maybe"],
    "linuxkernel-memalloc-scope-balance.MaxNodes": ["0", "1", "7", "100", "-3", "x"],
    "linuxkernel-memalloc-scope-balance.HelperDepth": ["0", "1", "2", "9", "-1"],
    "linuxkernel-memalloc-scope-balance.Verbose": ["0", "1"],
    "linuxkernel-memalloc-scope-balance.AnalyzeFilesWithErrors": ["0", "1", "1", "1"],
    "linuxkernel-memalloc-scope-balance.ScopeFunctions": [
        "", "queue_freeze:save:noio;queue_unfreeze:restore:noio:2", ";;;", "a:b:c:d:e",
        "f:save", "f:restore:nofs:0", "f:restore:nofs:99", "memalloc_nofs_save:restore:nofs:1"],
    "linuxkernel-memalloc-scope-balance.AnalyzerConfig": ["", "max-nodes=5", "=", "x=y;z",
                                                          "mode=shallow", "unroll-loops=true"],
    "linuxkernel-redundant-nofs.CrossFunctionScopes": ["0", "1"],
}


# --- the corpus ------------------------------------------------------------------------------

def corpus_files(root=ROOT):
    files = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, "test")):
        # test/fuzz-regressions is the fuzzer's own output: leaving it out keeps
        # the replay ids of a seed valid when a regression test is added.
        dirnames[:] = sorted(d for d in dirnames if d not in ("unit", "fuzz-regressions") and
                             not d.startswith("kernel-"))
        files += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".c")]
    return sorted(files)


def load_corpus(root=ROOT):
    items = []
    for path in corpus_files(root):
        with open(path, errors="replace") as f:
            text = f.read()
        # The kernel header eras its lit test uses (-eras=none: a file that
        # must not see kernel headers, e.g. one that invents its own gfp layout).
        m = re.search(r"RUN:.*\s-eras=(\S+)", text)
        eras = sorted(ERAS) if not m or m.group(1) == "all" else \
            [] if m.group(1) == "none" else m.group(1).split(",")
        text = re.sub(r"// *(RUN|CHECK[-A-Z0-9]*|REQUIRES|UNSUPPORTED|XFAIL):[^\n]*", "//", text)
        items.append((os.path.relpath(path, root), text, eras))
    return items


# --- mutations -------------------------------------------------------------------------------

def tokens(text):
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def m_token_delete(rng, text, ctx):
    t = tokens(text)
    if not t:
        return text
    s, e = rng.choice(t)
    return text[:s] + text[e:]


def m_token_duplicate(rng, text, ctx):
    t = tokens(text)
    if not t:
        return text
    s, e = rng.choice(t)
    return text[:e] + " " + text[s:e] + text[e:]


def m_token_replace(rng, text, ctx):
    t = tokens(text)
    if not t:
        return text
    s, e = rng.choice(t)
    return text[:s] + rng.choice(VOCABULARY) + text[e:]


def m_token_insert(rng, text, ctx):
    t = tokens(text)
    pos = rng.choice(t)[1] if t else 0
    return text[:pos] + " " + rng.choice(VOCABULARY) + " " + text[pos:]


def m_line_delete(rng, text, ctx):
    lines = text.splitlines(True)
    if not lines:
        return text
    del lines[rng.randrange(len(lines))]
    return "".join(lines)


def m_lines_delete(rng, text, ctx):
    lines = text.splitlines(True)
    if len(lines) < 2:
        return text
    i = rng.randrange(len(lines))
    del lines[i:i + rng.randint(2, 8)]
    return "".join(lines)


def m_line_duplicate(rng, text, ctx):
    lines = text.splitlines(True)
    if not lines:
        return text
    i = rng.randrange(len(lines))
    lines.insert(rng.randrange(len(lines) + 1), lines[i])
    return "".join(lines)


def m_line_swap(rng, text, ctx):
    lines = text.splitlines(True)
    if len(lines) < 2:
        return text
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


def m_brace(rng, text, ctx):
    spots = [m.start() for m in re.finditer(r"[{}();]", text)]
    if not spots or rng.random() < 0.3:
        t = tokens(text)
        pos = rng.choice(t)[0] if t else 0
        return text[:pos] + rng.choice("{}();") + text[pos:]
    i = rng.choice(spots)
    return text[:i] + text[i + 1:]


def m_truncate(rng, text, ctx):
    if not text:
        return text
    return text[:rng.randrange(len(text))]


def m_prototype(rng, text, ctx):
    lines = text.splitlines(True)
    snippet = rng.choice(PROTOTYPES) + "\n"
    includes = [i for i, l in enumerate(lines) if l.startswith("#include")]
    where = rng.random()
    if where < 0.3 or not lines:
        i = 0                                   # before the headers: macros change them
    elif where < 0.6 and includes:
        i = includes[-1] + 1                    # after the headers: conflicts
    else:
        i = rng.randrange(len(lines) + 1)       # anywhere
    lines.insert(i, snippet)
    return "".join(lines)


def m_statement(rng, text, ctx):
    lines = text.splitlines(True)
    body = [i for i, l in enumerate(lines) if l.startswith("\t") or l.startswith("    ")]
    if not body:
        return text
    i = rng.choice(body)
    lines.insert(i, "\t" + rng.choice(STATEMENTS) + "\n")
    return "".join(lines)


def m_identifier_swap(rng, text, ctx):
    pairs = [("GFP_NOFS", "GFP_KERNEL"), ("GFP_KERNEL", "GFP_NOFS"), ("GFP_NOFS", "GFP_NOIO"),
             ("memalloc_nofs_save", "memalloc_noio_save"),
             ("memalloc_nofs_restore", "memalloc_noio_restore"),
             ("memalloc_nofs_save", "memalloc_nofs_restore"), ("kvmalloc", "__vmalloc"),
             ("nofs_flag", "noio_flag"), ("{", "{{"), ("return", "")]
    a, b = rng.choice(pairs)
    spots = [m.start() for m in re.finditer(re.escape(a), text)]
    if not spots:
        return text
    i = rng.choice(spots)
    return text[:i] + b + text[i + len(a):]


def m_inline_header(rng, text, ctx):
    """Replace an #include of a kernel fixture header by its text, so that the
    header's declarations are mutated too."""
    era = ctx.get("era")
    if not era:
        return text
    found = list(re.finditer(r"^#include <([\w/.]+)>[^\n]*$", text, re.M))
    rng.shuffle(found)
    for m in found:
        path = os.path.join(INPUTS, "kernel-" + era, "include", m.group(1))
        if os.path.isfile(path):
            with open(path, errors="replace") as f:
                header = f.read()
            return text[:m.start()] + header + text[m.end():]
    return text


MUTATORS = [
    (m_token_delete, 4), (m_token_duplicate, 2), (m_token_replace, 4), (m_token_insert, 2),
    (m_line_delete, 4), (m_lines_delete, 2), (m_line_duplicate, 2), (m_line_swap, 2),
    (m_brace, 4), (m_truncate, 2), (m_prototype, 4), (m_statement, 4),
    (m_identifier_swap, 3), (m_inline_header, 1),
]


def make_mutant(corpus, seed, index):
    """Mutant `index` of `seed`: a pure function of the two and the corpus."""
    rng = random.Random(hashlib.sha256(("%s:%s" % (seed, index)).encode()).digest())
    name, text, eras = corpus[rng.randrange(len(corpus))]
    era = rng.choice(sorted(ERAS))
    lang = rng.random()
    if not eras:
        mode = "noheaders"
    elif lang < 0.05:
        mode = "c++"
    elif lang < 0.10:
        mode = "noheaders"
    elif lang < 0.15:
        mode = "gnu89"
    else:
        mode = "gnu11"
    if eras and era not in eras:
        era = eras[0]
    ctx = {"era": era if mode != "noheaders" else None}
    applied = []
    names, weights = zip(*MUTATORS)
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4])):
        fn = rng.choices(names, weights)[0]
        text = fn(rng, text, ctx)
        applied.append(fn.__name__[2:])
    options = {}
    if rng.random() < 0.3:      # as in clangd: the scope checker on code with errors
        options["linuxkernel-memalloc-scope-balance.AnalyzeFilesWithErrors"] = "1"
    if rng.random() < 0.25:
        for _ in range(rng.randint(1, 3)):
            key = rng.choice(sorted(OPTIONS))
            options[key] = rng.choice(OPTIONS[key])
    return {"id": "%s:%d" % (seed, index), "source": name, "era": era, "mode": mode,
            "mutations": applied, "options": options, "text": text}


def clang_args(mutant, inputs="%inputs", src="%gfpscope_src"):
    """The compile flags of a mutant (as lit.cfg.py's substitutions by default):
    the test's own directory first on the include path, as check_gfpscope.py."""
    era, mode = mutant["era"], mutant["mode"]
    args = ["-I", src + "/" + os.path.dirname(mutant["source"])]
    if mode == "c++":
        args += ["-x", "c++", "-std=gnu++17"]
    elif mode == "gnu89":
        args += ["-std=gnu89"]
    else:
        args += ["-std=gnu11"]
    if mode != "noheaders":
        args += ["-I", inputs + "/kernel-" + era + "/include", "-DGFPSCOPE_TEST_ERA=" + ERAS[era]]
    return args


def config_of(options):
    return json.dumps({"CheckOptions": options}, sort_keys=True) if options else "{}"


# --- the oracle ------------------------------------------------------------------------------

class Tool:
    def __init__(self, clang_tidy, load, clang, timeout, env):
        self.clang_tidy, self.load, self.clang = clang_tidy, load, clang
        self.timeout, self.env = timeout, env

    def run(self, cmd):
        start = time.time()
        if not os.access(cmd[0], os.X_OK):
            sys.exit("fuzz: cannot run %s" % cmd[0])
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  env=self.env, timeout=self.timeout, errors="replace",
                                  universal_newlines=True)
            return proc.returncode, proc.stdout, time.time() - start
        except subprocess.TimeoutExpired as e:
            out = e.output or b""
            return None, out.decode(errors="replace") if isinstance(out, bytes) else out, \
                time.time() - start

    def tidy(self, path, config, args, fix=False, export=None):
        cmd = [self.clang_tidy, path, "--checks=" + CHECKS, "--config=" + config]
        if self.load:
            cmd.append("--load=" + self.load)
        if fix:
            cmd.append("--fix")
        if export:
            cmd.append("--export-fixes=" + export)
        return self.run(cmd + ["--"] + args)


def crash_kind(rc, output):
    if rc is None:
        return "hang"
    if rc < 0 or rc > 1 or CRASH.search(output):
        return "crash"
    return None


def replacements_of(diag):
    """The replacements -fix applies for one diagnostic: its message's (clang-tidy
    puts only those in the fixed file; notes' fixes are alternatives)."""
    return list((diag.get("DiagnosticMessage") or {}).get("Replacements") or [])


def note_replacements_of(diag):
    out = []
    for n in diag.get("Notes") or []:
        out += n.get("Replacements") or []
    return out


def check_replacements(reps, path, data):
    """Problems of a set of replacements applied together to `data` (bytes)."""
    problems = []
    real = os.path.realpath(path)
    spans = []
    for r in reps:
        fp = r.get("FilePath") or ""
        if os.path.realpath(fp) != real:
            problems.append("replacement in another file: %s" % fp)
            continue
        o, n = r.get("Offset"), r.get("Length")
        if not isinstance(o, int) or not isinstance(n, int) or o < 0 or n < 0 or \
                o + n > len(data):
            problems.append("replacement outside the file: offset %r length %r (size %d)"
                            % (o, n, len(data)))
            continue
        spans.append((o, n, r.get("ReplacementText") or ""))
    spans.sort()
    for (o1, n1, t1), (o2, n2, t2) in zip(spans, spans[1:]):
        if o2 < o1 + n1 and not (n1 == 0 and n2 == 0):
            problems.append("overlapping replacements at %d+%d and %d+%d" % (o1, n1, o2, n2))
    return problems, spans


def apply_spans(data, spans):
    # Right to left; insertions at one offset in the order clang applies them.
    out = data
    for o, n, t in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
        out = out[:o] + t.encode() + out[o + n:]
    return out


def has_errors(output):
    return re.search(r"(^|\s)(fatal )?error: ", output, re.M) is not None


def oracle(tool, workdir, text, args, config="{}", ext=".c"):
    """Runs the checks on `text`; returns (kind, detail, stats) with kind None when
    all is well.

    clang-tidy -fix applies nothing to a file with compiler errors (that takes
    -fix-errors, which would mix in clang's own error recovery fix-its, whose
    overlaps with each other or with ours are none of our business). So: the
    replacements of our diagnostics are checked against the file and each
    other; without compiler errors, -fix must give exactly the file they give;
    with errors, they are applied here. The fixed file is checked again."""
    os.makedirs(workdir, exist_ok=True)
    path = os.path.join(workdir, "mutant" + ext)
    data = text.encode(errors="surrogateescape")
    with open(path, "wb") as f:
        f.write(data)
    export = os.path.join(workdir, "fixes.yaml")
    if os.path.exists(export):
        os.unlink(export)
    rc, output, secs = tool.tidy(path, config, args, fix=True, export=export)
    errors = has_errors(output)
    stats = {"seconds": secs, "fixes": 0, "errors": errors}
    kind = crash_kind(rc, output)
    if kind:
        return kind, output[-6000:], stats
    if not errors and BAD_FIX.search(output):
        return "bad-fix", output[-6000:], stats
    with open(path, "rb") as f:
        fixed = f.read()
    diags = []
    if os.path.exists(export):
        with open(export) as f:
            try:
                diags = (yaml.safe_load(f) or {}).get("Diagnostics") or []
            except yaml.YAMLError as e:
                return "bad-fix", "exported fixes are not YAML: %s" % e, stats
    ours = [d for d in diags if str(d.get("DiagnosticName", "")).startswith("linuxkernel-")]
    all_reps = []
    for d in ours:
        message = (d.get("DiagnosticMessage") or {}).get("Message")
        reps = replacements_of(d)
        problems, _ = check_replacements(reps, path, data)
        problems += check_replacements(note_replacements_of(d), path, data)[0]
        if any("overlaps with another fix" in (n.get("Message") or "")
               for n in d.get("Notes") or []) and not errors:
            problems.append("clang-tidy dropped its fix: it overlaps with another")
        if problems:
            return "bad-fix", "%s: %s" % (message, "; ".join(problems)), stats
        all_reps += reps
    problems, spans = check_replacements(all_reps, path, data)
    if problems:
        return "bad-fix", "; ".join(problems), stats
    stats["fixes"] = len(spans)
    expected = apply_spans(data, spans)
    if not errors:
        if any(replacements_of(d) for d in diags if d not in ours):
            spans = check_replacements(sum((replacements_of(d) for d in diags), []), path,
                                       data)[1]
            expected = apply_spans(data, spans)
        if expected != fixed:
            return "bad-fix", "-fix gave another file than the exported replacements", stats
    fixed = expected
    if fixed != data:
        again = os.path.join(workdir, "fixed" + ext)
        with open(again, "wb") as f:
            f.write(fixed)
        rc2, out2, _ = tool.tidy(again, config, args)
        kind = crash_kind(rc2, out2)
        if kind:
            return "refix", "(%s on the fixed file)\n%s" % (kind, out2[-6000:]), stats
        if not errors and tool.clang:
            rc3, out3, _ = tool.run([tool.clang, "-fsyntax-only"] + args + [again])
            if rc3 != 0 and has_errors(out3):
                return "fix-breaks", out3[-4000:], stats
    return None, "", stats


# --- minimization and regression tests -------------------------------------------------------

def ddmin(lines, test):
    """Delta debugging (Zeller): a small sublist of lines for which test() holds."""
    n = 2
    while len(lines) >= 2:
        chunk = max(1, len(lines) // n)
        subsets = [lines[i:i + chunk] for i in range(0, len(lines), chunk)]
        reduced = False
        for i in range(len(subsets)):
            complement = [l for j, s in enumerate(subsets) if j != i for l in s]
            if complement and test(complement):
                lines, n, reduced = complement, max(n - 1, 2), True
                break
        if not reduced:
            if n >= len(lines):
                break
            n = min(len(lines), n * 2)
    return lines


def minimize(tool, workdir, mutant, kind, args, ext):
    config = config_of(mutant["options"])
    count = [0]

    def still(lines):
        count[0] += 1
        k, _, _ = oracle(tool, os.path.join(workdir, "min"), "".join(lines), args, config, ext)
        return k == kind
    lines = ddmin(mutant["text"].splitlines(True), still)
    return "".join(lines), count[0]


def summary(kind, detail):
    """One line about a failure: the innermost frame of our code in a stack
    trace, the sanitizer's or clang-tidy's complaint, or the first line."""
    lines = detail.strip().splitlines()
    for pattern in (r"#\d+ 0x[0-9a-f]+ (?:in )?((?:gfpscope|clang::tidy::linuxkernel)::[\w:~<>]+)",
                    r"(ERROR: \w+Sanitizer.*|.*runtime error: .*)", r"(.*error: .*)"):
        for line in lines:
            m = re.search(pattern, line)
            if m:
                return m.group(1)[:200]
    return (lines or [""])[0][:200]


def regression_test(mutant, kind, detail, text):
    args = clang_args(mutant)
    head = ["// Found by scripts/fuzz.py: mutant %s (%s of %s, %s, era %s, %s), minimized."
            % (mutant["id"], "+".join(mutant["mutations"]), mutant["source"], mutant["mode"],
               mutant["era"], kind),
            "// Was: %s" % summary(kind, detail),
            "// RUN: %%fuzz_check %s%%s -- %s" % (
                ("--config %s " % shell_quote(config_of(mutant["options"])).replace("%", "%%"))
                if mutant["options"] else "", " ".join(args)),
            ""]
    return "\n".join(head) + text


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


# --- driver ----------------------------------------------------------------------------------

def tools_of(args):
    build = args.build or os.path.join(ROOT, "build-asan")
    if args.clang_tidy:
        clang_tidy = args.clang_tidy
    else:
        clang_tidy = os.path.join(build, "bin", "clang-tidy")
    if not os.access(clang_tidy, os.X_OK):
        sys.exit("fuzz: no %s (scripts/build.sh 22 asan)" % clang_tidy)
    clang = args.clang or "/usr/lib/llvm-%s/bin/clang" % args.llvm
    env = dict(os.environ)
    for k, v in SANITIZER_ENV.items():
        env.setdefault(k, v)
    symbolizer = "/usr/lib/llvm-%s/bin/llvm-symbolizer" % args.llvm
    if os.path.exists(symbolizer):
        env.setdefault("ASAN_SYMBOLIZER_PATH", symbolizer)
    return Tool(clang_tidy, args.load, clang, args.timeout, env)


def cmd_check(argv):
    """The oracle on one file (the lit tests of test/fuzz-regressions)."""
    own, rest = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv \
        else (argv, [])
    p = argparse.ArgumentParser(prog="fuzz.py check")
    p.add_argument("file")
    p.add_argument("--clang-tidy", required=True)
    p.add_argument("--load")
    p.add_argument("--clang")
    p.add_argument("--inputs", default=INPUTS)
    p.add_argument("--config", default="{}")
    p.add_argument("--timeout", type=float, default=300)
    p.add_argument("--workdir", required=True)
    a = p.parse_args(own)
    env = dict(os.environ)
    for k, v in SANITIZER_ENV.items():
        env.setdefault(k, v)
    tool = Tool(a.clang_tidy, a.load, a.clang, a.timeout, env)
    with open(a.file, errors="surrogateescape") as f:
        text = f.read()
    args = [x.replace("%inputs", a.inputs) for x in rest]
    ext = ".cpp" if "c++" in args else ".c"
    shutil.rmtree(a.workdir, ignore_errors=True)
    kind, detail, stats = oracle(tool, a.workdir, text, args, a.config, ext)
    if kind:
        print(detail)
        sys.exit("fuzz.py check: FAIL: %s: %s" % (a.file, kind))
    print("fuzz.py check: ok: %s (%d replacements%s)" % (
        os.path.basename(a.file), stats["fixes"], ", clang errors" if stats["errors"] else ""))


@cli.main
def main():
    if len(sys.argv) > 1 and sys.argv[1] == "check":
        return cmd_check(sys.argv[2:])
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", default="1")
    p.add_argument("--count", type=int, default=300)
    p.add_argument("--start", type=int, default=0, help="first mutant index (default 0)")
    p.add_argument("--replay", help="one mutant, SEED:INDEX")
    p.add_argument("-j", type=int, default=2)
    p.add_argument("--timeout", type=float, default=120,
                   help="per-file bound against hangs, seconds (default 120)")
    p.add_argument("--budget", type=float, default=0,
                   help="stop starting new mutants after this many seconds (0: no limit)")
    p.add_argument("--llvm", default="22")
    p.add_argument("--build", help="default build-asan/")
    p.add_argument("--clang-tidy", dest="clang_tidy", help="default <build>/bin/clang-tidy")
    p.add_argument("--load", help="a plugin for a stock --clang-tidy")
    p.add_argument("--clang")
    p.add_argument("--out", help="work directory (default: a temporary one, removed)")
    p.add_argument("--regressions", default=os.path.join(ROOT, "test", "fuzz-regressions"))
    p.add_argument("--no-minimize", action="store_true")
    p.add_argument("--no-regressions", action="store_true",
                   help="do not write lit tests for failures")
    p.add_argument("--keep", action="store_true", help="keep the work directory")
    p.add_argument("--print", action="store_true", help="with --replay: print the mutant")
    args = p.parse_args()
    if yaml is None:
        sys.exit("fuzz: python3-yaml is needed")

    corpus = load_corpus()
    if args.replay:
        seed, _, index = args.replay.rpartition(":")
        plan = [(seed, int(index))]
    else:
        plan = [(args.seed, i) for i in range(args.start, args.start + args.count)]
    if args.replay and args.print:
        m = make_mutant(corpus, *plan[0])
        print(json.dumps({k: v for k, v in m.items() if k != "text"}, sort_keys=True))
        print(m["text"])
        return 0
    tool = tools_of(args)
    out = args.out or tempfile.mkdtemp(prefix="gfpscope-fuzz-")
    os.makedirs(out, exist_ok=True)
    start = time.time()
    results = []

    def one(item):
        seed, index = item
        if args.budget and time.time() - start > args.budget:
            return None
        m = make_mutant(corpus, seed, index)
        ext = ".cpp" if m["mode"] == "c++" else ".c"
        work = os.path.join(out, "%s-%d" % (re.sub(r"\W", "_", str(seed)), index))
        kind, detail, stats = oracle(tool, work, m["text"], clang_args(m, INPUTS, ROOT),
                                     config_of(m["options"]), ext)
        if not kind:
            shutil.rmtree(work, ignore_errors=True)
        return m, kind, detail, stats, ext, work

    print("fuzz: seed %s, mutants %d..%d, %s, -j%d, timeout %gs" % (
        args.seed if not args.replay else args.replay, plan[0][1], plan[-1][1],
        tool.clang_tidy + (" --load=" + tool.load if tool.load else ""), args.j, args.timeout),
        flush=True)
    with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
        for r in pool.map(one, plan):
            if r is None:
                continue
            results.append(r)
            m, kind, detail, stats, ext, work = r
            if len(results) % 100 == 0:
                print("fuzz: %d mutants, %d failures, %.0f s" % (
                    len(results), sum(1 for x in results if x[1]), time.time() - start),
                    flush=True)
            if kind:
                print("fuzz: FAIL %s: mutant %s (%s of %s, %s, era %s)\n  replay: "
                      "scripts/fuzz.py --replay %s\n%s" % (
                          kind, m["id"], "+".join(m["mutations"]), m["source"], m["mode"],
                          m["era"], m["id"], "\n".join("  | " + l for l in
                                                       detail.strip().splitlines()[-40:])),
                      flush=True)

    failures = [r for r in results if r[1]]
    written = []
    for m, kind, detail, stats, ext, work in failures:
        text = m["text"]
        if not args.no_minimize:
            text, tries = minimize(tool, work, m, kind, clang_args(m, INPUTS, ROOT), ext)
            print("fuzz: %s minimized to %d lines in %d runs" % (
                m["id"], len(text.splitlines()), tries), flush=True)
        if not args.no_regressions and ext == ".c":
            os.makedirs(args.regressions, exist_ok=True)
            name = os.path.join(args.regressions, "%s-%s.c" % (
                kind, re.sub(r"\W", "-", m["id"])))
            with open(name, "w", errors="surrogateescape") as f:
                f.write(regression_test(m, kind, detail, text))
            written.append(name)
            print("fuzz: wrote %s" % os.path.relpath(name, ROOT), flush=True)
        elif not args.no_regressions:
            print("fuzz: %s is C++: minimized text in %s" % (m["id"], work), flush=True)
            with open(os.path.join(work, "minimized" + ext), "w", errors="surrogateescape") as f:
                f.write(text)

    n = len(results)
    kinds = {}
    for r in failures:
        kinds[r[1]] = kinds.get(r[1], 0) + 1
    secs = [r[3]["seconds"] for r in results]
    with_errors = sum(1 for r in results if r[3]["errors"])
    with_fixes = sum(1 for r in results if r[3]["fixes"])
    mutations = {}
    for r in results:
        for name in r[0]["mutations"]:
            mutations[name] = mutations.get(name, 0) + 1
    modes = {}
    for r in results:
        modes[r[0]["mode"]] = modes.get(r[0]["mode"], 0) + 1
    print("fuzz: %d mutants (seed %s) in %.0f s: %d with clang errors, %d with fixes applied, "
          "%d failures%s; slowest %.1f s" % (
              n, args.seed if not args.replay else args.replay, time.time() - start,
              with_errors, with_fixes, len(failures),
              (" (" + ", ".join("%s %d" % kv for kv in sorted(kinds.items())) + ")")
              if kinds else "", max(secs) if secs else 0.0))
    print("fuzz: modes %s; mutations %s" % (
        ", ".join("%s %d" % kv for kv in sorted(modes.items())),
        ", ".join("%s %d" % kv for kv in sorted(mutations.items()))))
    if args.budget and n < len(plan):
        print("fuzz: budget of %g s reached after %d of %d mutants" % (args.budget, n, len(plan)))
    if not args.out and not args.keep and not failures:
        shutil.rmtree(out, ignore_errors=True)
    elif failures:
        print("fuzz: work directory %s" % out)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
