#!/usr/bin/env python3
"""Runs gfpscope's checks on a lit test and verifies diagnostics and fixes.

In the manner of upstream clang-tidy's check_clang_tidy.py:

  check_gfpscope.py [options] <source> <checks> <temp> [-- <tidy args> [-- <clang args>]]

For each kernel header era (test/Inputs/kernel-<era>/include) the source is
copied to <temp>.<era>.c without its CHECK lines, `clang-tidy -fix` runs on
it, and then:
  * CHECK-MESSAGES[-<suffix>][-<ERA>] lines are matched against the warnings
    (every other warning or error fails the test); CHECK-NOTES lines instead
    match warnings and notes, every other one failing the test;
    with none of these lines for a run, any warning or error fails it;
  * CHECK-FIXES[...] lines are matched against the fixed file, whole lines;
    with none, the file must come out unchanged;
  * CHECK-LAYOUT[...] lines are matched against the fixed file, whole lines
    with -strict-whitespace: the indentation (tabs) must be exactly the one
    written after the colon;
  * a changed file is compiled again with the kernel's flags
    (-std=gnu11 -Wall -Werror -Wdeclaration-after-statement) and every
    linuxkernel-* check must find nothing left in it but the findings that
    said "no fix-it: ..." in a note;
  * the fixes are also exported (--export-fixes): clang-apply-replacements
    must produce the same file as -fix, and each diagnostic's fix applied
    alone with its notes' fixes (as a review bot or an editor's quick-fix
    does; the #include that the first fix of a file inserts is a note's fix
    on the others) must compile with the kernel's flags.
Era tags used in prefixes: K419 (kernel-4.19, <=5.7), K61 (kernel-6.1,
5.8-6.9), K615 (kernel-6.15, 6.10+). The era is also passed as
-DGFPSCOPE_TEST_ERA=419|601|615. A second tag names the vmalloc-nofs rules
that apply when nothing gives the version: KOLD for the 4.19 and 6.1 fixtures
(their headers carry no release marker, so the pre-5.17 rules and "kernel
version not found"), K615 for the 6.15 fixture (its memalloc_flags_restore()
and *_noprof allocators say 6.10 or later: lib/KernelVersion's step 4).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

try:
    import yaml  # python3-yaml, a dependency of Debian's clang-tidy packages
except ImportError:  # pragma: no cover
    yaml = None

ERAS = {"4.19": ("K419", "419"), "6.1": ("K61", "601"), "6.15": ("K615", "615")}
RULES = {"4.19": "KOLD", "6.1": "KOLD", "6.15": "K615"}
KERNEL_FLAGS = ["-std=gnu11", "-Wall", "-Werror", "-Wdeclaration-after-statement"]


def fail(message):
    sys.exit("check_gfpscope.py: FAIL: " + message)


def run(cmd, expect_ok=True):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
    if expect_ok and proc.returncode != 0:
        print(proc.stdout)
        fail("command failed (%d): %s" % (proc.returncode, " ".join(cmd)))
    return proc


def split_args(argv):
    """<own args> -- <tidy args> -- <clang args>"""
    own, tidy, clang = [], [], []
    parts = [own, tidy, clang]
    idx = 0
    for arg in argv:
        if arg == "--" and idx < 2:
            idx += 1
            continue
        parts[idx].append(arg)
    return own, tidy, clang


def prefixes(base, suffixes, era_tag, rules_tag=""):
    names = [base + "-" + s for s in suffixes] if suffixes else [base]
    tags = [era_tag] + ([rules_tag] if rules_tag and rules_tag != era_tag else [])
    return names + [n + "-" + t for n in names for t in tags if t]


def used(prefix_list, text):
    return any(re.search(r"\b" + re.escape(p) + r":", text) for p in prefix_list)


def warnings_of(output, unfixed_only=False):
    """Messages of the warnings in clang-tidy's output (file positions
    dropped); with unfixed_only, those followed by a "no fix-it" note and
    those of linuxkernel-memalloc-scope-balance, which has no fix-its."""
    found, current = [], None
    for line in output.splitlines():
        m = re.search(r":\d+:\d+: warning: (.*)$", line)
        if m:
            current = [m.group(1),
                       m.group(1).endswith("[linuxkernel-memalloc-scope-balance]")]
            found.append(current)
        elif current and re.search(r": note: no fix-it: ", line):
            current[1] = True
    return sorted(msg for msg, unfixed in found if unfixed or not unfixed_only)


def apply_replacements(text, replacements):
    data = text.encode()
    for r in sorted(replacements, key=lambda r: (r["Offset"], r["Length"]), reverse=True):
        o, n = r["Offset"], r["Length"]
        data = data[:o] + r["ReplacementText"].encode() + data[o + n:]
    return data.decode()


def check_exported_fixes(args, base, ext, cleaned, fixed, tidy_args, full_clang_args,
                         include, clang_args):
    """--export-fixes + clang-apply-replacements gives what -fix gave, and each
    diagnostic's fix alone compiles."""
    if yaml is None:
        print("check_gfpscope.py: note: python3-yaml missing, exported fixes not checked")
        return
    car_dir = base + ".car"
    shutil.rmtree(car_dir, ignore_errors=True)
    os.makedirs(car_dir)
    copy = os.path.join(car_dir, "input" + ext)
    with open(copy, "w") as f:
        f.write(cleaned)
    export = os.path.join(car_dir, "fixes.yaml")
    cmd = tidy_cmd(args, copy, args.checks, tidy_args, full_clang_args, fix=False)
    cmd.insert(2, "--export-fixes=" + export)
    run(cmd, expect_ok=not args.expect_clang_tidy_error)
    if not os.path.exists(export):
        fail("clang-tidy wrote no exported fixes")
    with open(export) as f:
        exported = yaml.safe_load(f) or {}
    diags = exported.get("Diagnostics") or []

    tools = os.path.dirname(args.clang)
    car = os.path.join(tools, "clang-apply-replacements")
    if os.path.exists(car):
        run([car, car_dir])
        with open(copy) as f:
            applied = f.read()
        if applied != fixed:
            print("------ -fix ------\n" + fixed + "\n------ clang-apply-replacements ------\n"
                  + applied)
            fail("clang-apply-replacements does not give what -fix gave")

    def replacements(d):
        return (d.get("DiagnosticMessage") or {}).get("Replacements") or []

    def note_replacements(d):
        return [r for n in d.get("Notes") or [] for r in n.get("Replacements") or []]

    for i, d in enumerate(diags):
        reps = list(replacements(d))
        if not reps:
            continue
        # What a review bot applies for one finding: its fix and its notes'
        # fixes (the later fixes of a file carry the #include in a note).
        reps += note_replacements(d)
        alone = apply_replacements(cleaned, reps)
        path = "%s.alone%d%s" % (base, i, ext)
        with open(path, "w") as f:
            f.write(alone)
        proc = run([args.clang, "-fsyntax-only"] + KERNEL_FLAGS + include + clang_args + [path],
                   expect_ok=False)
        if proc.returncode != 0:
            print(proc.stdout)
            print(alone)
            fail("the fix of '%s' alone does not compile"
                 % d["DiagnosticMessage"]["Message"])


def filecheck(args, check_file, input_file, prefix_list, extra):
    cmd = [args.filecheck, "-input-file=" + input_file, check_file,
           "-check-prefixes=" + ",".join(prefix_list), "--allow-unused-prefixes"] + extra
    proc = run(cmd, expect_ok=False)
    if proc.returncode != 0:
        print(proc.stdout)
        with open(input_file) as f:
            print("------ %s ------\n%s" % (input_file, f.read()))
        fail("FileCheck %s failed for %s" % (",".join(prefix_list), input_file))


def tidy_cmd(args, source, checks, tidy_args, clang_args, fix):
    cmd = [args.clang_tidy, source, "--checks=-*," + checks]
    if args.load:
        cmd.append("--load=" + args.load)
    if fix:
        cmd.append("-fix")
    if not any(a.startswith("--config") or a.startswith("-config") for a in tidy_args):
        cmd.append("--config={}")
    return cmd + tidy_args + ["--"] + clang_args


def run_era(args, era, text, cleaned, tidy_args, clang_args):
    tag, number = ERAS[era] if era else ("", "")
    rules = RULES.get(era, "")
    include = ["-I", os.path.join(args.inputs, "kernel-" + era, "include"),
               "-DGFPSCOPE_TEST_ERA=" + number] if era else []
    lang = [] if any(a.startswith("-std=") or a.startswith("-x") for a in clang_args) \
        else ["-std=gnu11"]
    # The copy lives in the build tree: keep the test's own directory on the
    # include path for its Inputs/.
    include += ["-I", os.path.dirname(os.path.abspath(args.source))]
    full_clang_args = lang + include + clang_args
    base = args.temp + ("." + era if era else "")
    ext = os.path.splitext(args.source)[1] or ".c"
    source = base + ext
    os.makedirs(os.path.dirname(os.path.abspath(source)), exist_ok=True)
    with open(source, "w") as f:
        f.write(cleaned)

    proc = run(tidy_cmd(args, source, args.checks, tidy_args, full_clang_args, fix=True),
               expect_ok=False)
    output = proc.stdout
    if proc.returncode != 0 and not args.expect_clang_tidy_error:
        print(output)
        fail("clang-tidy exited with %d" % proc.returncode)
    if proc.returncode < 0 or re.search(r"Stack dump|PLEASE submit a bug|"
                                        r"ERROR: \w+Sanitizer|\bruntime error: ", output):
        print(output)
        fail("clang-tidy crashed")
    messages = base + ".msg"
    with open(messages, "w") as f:
        f.write(output)

    suffixes = args.check_suffixes
    notes = prefixes("CHECK-NOTES", suffixes, tag, rules)
    msgs = prefixes("CHECK-MESSAGES", suffixes, tag, rules)
    if used(notes, text):
        # As upstream's check_clang_tidy.py: -fix's own notes are not checked.
        notes_file = base + ".notes"
        with open(notes_file, "w") as f:
            f.write("\n".join(l for l in output.splitlines()
                              if "note: FIX-IT applied suggested code changes" not in l))
        filecheck(args, args.source, notes_file, notes,
                  ["-implicit-check-not={{note|warning|error}}:"])
    elif used(msgs, text):
        implicit = "{{warning}}:" if args.expect_clang_tidy_error else "{{warning|error}}:"
        filecheck(args, args.source, messages, msgs, ["-implicit-check-not=" + implicit])
    else:
        bad = [l for l in output.splitlines() if re.search(
            r"warning:" if args.expect_clang_tidy_error else r"(warning|error):", l)]
        if bad:
            print(output)
            fail("unexpected diagnostics (the test expects none for era %s)" % era)

    with open(source) as f:
        fixed = f.read()
    fixes = prefixes("CHECK-FIXES", suffixes, tag, rules)
    if used(fixes, text):
        filecheck(args, args.source, source, fixes, ["--match-full-lines"])
    elif fixed != cleaned:
        print(fixed)
        fail("the file was changed but the test has no CHECK-FIXES")
    layout = prefixes("CHECK-LAYOUT", suffixes, tag, rules)
    if used(layout, text):
        filecheck(args, args.source, source, layout,
                  ["--match-full-lines", "--strict-whitespace"])

    if fixed != cleaned and not args.skip_recompile:
        run([args.clang, "-fsyntax-only"] + KERNEL_FLAGS + include + clang_args + [source])
        again = run(tidy_cmd(args, source, "linuxkernel-*", tidy_args, full_clang_args,
                             fix=False),
                    expect_ok=False)
        if re.search(r"error:", again.stdout) or \
                warnings_of(again.stdout) != warnings_of(output, unfixed_only=True):
            print(again.stdout)
            fail("the fixed file still has findings (other than those without a fix-it)")
        check_exported_fixes(args, base, ext, cleaned, fixed, tidy_args, full_clang_args,
                             include, clang_args)


def main():
    own, tidy_args, clang_args = split_args(sys.argv[1:])
    parser = argparse.ArgumentParser()
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--load")
    parser.add_argument("--clang", required=True)
    parser.add_argument("--filecheck", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("-eras", default="all",
                        help="comma-separated eras (4.19,6.1,6.15), 'all' or 'none'")
    parser.add_argument("-check-suffix", "-check-suffixes", dest="check_suffixes",
                        default="")
    parser.add_argument("-expect-clang-tidy-error", action="store_true")
    parser.add_argument("-skip-recompile", action="store_true")
    parser.add_argument("source")
    parser.add_argument("checks")
    parser.add_argument("temp")
    args = parser.parse_args(own)
    args.check_suffixes = [s for s in args.check_suffixes.split(",") if s]

    with open(args.source) as f:
        text = f.read()
    cleaned = re.sub(r"// *CHECK-[A-Z0-9\-]*:[^\r\n]*", "//", text)
    if args.eras == "none":
        eras = [""]
    elif args.eras == "all":
        eras = list(ERAS)
    else:
        eras = args.eras.split(",")
    for era in eras:
        if era and era not in ERAS:
            fail("unknown era " + era)
        run_era(args, era, text, cleaned, tidy_args, clang_args)


if __name__ == "__main__":
    main()
