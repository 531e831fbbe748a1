"""Unit tests of scripts/gfpscope_tools (run by test/scripts/unittests.test:
python3 -m unittest discover -s scripts/tests -t scripts)."""

import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stderr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from gfpscope_tools import (baselines, cli, crashes, diagnostics, fingerprint,  # noqa: E402
                            kerneltree, report)

INPUTS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "test", "baseline", "Inputs")

FINDING = {"file": "fs/foo/super.c", "function": "foo_fill_super",
           "check": "linuxkernel-memalloc-scope-balance",
           "message": "memalloc_nofs scope opened at line 101 is not restored on this path"}


def write(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return path


class Fingerprint(unittest.TestCase):
    def test_shape_and_line_neutral(self):
        fp = fingerprint.fingerprint(FINDING)
        self.assertTrue(fingerprint.is_fingerprint(fp))
        moved = dict(FINDING, message=FINDING["message"].replace("101", "140"), line=7)
        self.assertEqual(fp, fingerprint.fingerprint(moved))

    def test_what_counts(self):
        fp = fingerprint.fingerprint(FINDING)
        for key, value in (("file", "fs/foo/inode.c"), ("function", "other"),
                           ("check", "linuxkernel-vmalloc-nofs"), ("message", "another")):
            self.assertNotEqual(fp, fingerprint.fingerprint(dict(FINDING, **{key: value})), key)

    def test_normalize(self):
        self.assertEqual(fingerprint.normalize_message("at lines 3-4 and foo.c:12:5"),
                         "at lines N and foo.c:N")

    def test_legacy(self):
        self.assertEqual({len(f) for f in fingerprint.legacy_fingerprints(FINDING)}, {12})


class Diagnostics(unittest.TestCase):
    LOG = ("fs/foo/foo.c:14:3: warning: 'kvmalloc' with NOFS mask 'GFP_NOFS' [linuxkernel-vmalloc-nofs]\n"
           "fs/foo/foo.c:12:8: note: 'gfp' is given the NOFS mask here\n"
           "fs/foo/foo.c:30:1: error: use of undeclared identifier 'x' [clang-diagnostic-error]\n"
           "2 warnings and 1 error generated.\n")

    def test_parse_log(self):
        paths = diagnostics.Paths("/tmp")
        ev = diagnostics.Evidence()
        found = diagnostics.read_any(write(tempfile.mkdtemp(), "log", self.LOG), paths, ev)
        self.assertEqual([(f["line"], f["level"], f["check"], len(f["notes"])) for f in found],
                         [(14, "warning", "linuxkernel-vmalloc-nofs", 1),
                          (30, "error", "clang-diagnostic-error", 0)])
        ev.check(["log"])   # a unit: no exception

    def test_message_over_two_lines(self):
        out = "a.c:3:2: warning: first line\nsecond line [linuxkernel-vmalloc-nofs]\n"
        findings, _ = diagnostics.parse_unit(out, "/nonexistent", "a.c")
        self.assertEqual(findings[0]["message"], "first line second line")

    def evidence_of(self, name):
        ev = diagnostics.Evidence()
        diagnostics.read_any(os.path.join(INPUTS, name), diagnostics.Paths("/tmp"), ev)
        return ev

    def test_captured_failures(self):
        for name, reason in (("no-plugin.clang-tidy.log", "did not load the plugin"),
                             ("no-plugin.run-clang-tidy.log", "no gfpscope check enabled"),
                             ("no-checks.clang-tidy.log", "no checks enabled"),
                             ("no-checks.run-clang-tidy.log", "no checks enabled")):
            with self.assertRaisesRegex(cli.NothingAnalysed, reason, msg=name):
                self.evidence_of(name).check([name])

    def test_empty_and_allowed(self):
        ev = diagnostics.Evidence()
        ev.add_text("", "empty")
        with self.assertRaisesRegex(cli.NothingAnalysed, "no analysed unit"):
            ev.check(["empty"])
        ev.check(["empty"], allow_no_units=True)

    def test_run_clang_tidy_progress(self):
        ev = diagnostics.Evidence()
        ev.add_text("Enabled checks:\n    linuxkernel-vmalloc-nofs\n\n"
                    "[1/2][0.4s] /usr/bin/clang-tidy-22 -p=. a.c\n"
                    "[2/2][0.5s] /usr/bin/clang-tidy-22 -p=. b.c\n", "log")
        self.assertEqual(ev.units, 2)
        ev.check(["log"])

    def test_findings_json(self):
        report = {"check_names": ["linuxkernel-vmalloc-nofs"], "findings": [],
                  "units": [{"file": "a.c"}, {"file": "b.c"}],
                  "errors": [{"unit": "b.c", "check": "clang-tidy-error"}]}
        ev = diagnostics.Evidence()
        diagnostics.read_findings_json(report, "f.json", diagnostics.Paths("/tmp"), ev)
        self.assertEqual(ev.units, 1)
        report["units"] = []
        ev = diagnostics.Evidence()
        diagnostics.read_findings_json(report, "f.json", diagnostics.Paths("/tmp"), ev)
        self.assertRaises(cli.NothingAnalysed, ev.check, ["f.json"])

    def test_bad_inputs(self):
        d = tempfile.mkdtemp()
        paths = diagnostics.Paths(d)
        with self.assertRaisesRegex(cli.InputError, "not valid JSON"):
            diagnostics.read_any(write(d, "bad.json", "{oops"), paths)
        with self.assertRaisesRegex(cli.InputError, "neither SARIF nor a findings.json"):
            diagnostics.read_any(write(d, "other.json", "{}"), paths)
        with self.assertRaisesRegex(cli.InputError, "not clang-tidy --export-fixes YAML"):
            diagnostics.read_fixes(write(d, "x.yaml", "a: 1\n"), paths)


class KernelTree(unittest.TestCase):
    SOURCE = ("static int kernel_style(int x)\n{\n\treturn x;\n}\n"
              "static void *one_line(void) { return vmalloc(1); }\n"
              "int brace_on_signature(int x) {\n\treturn x;\n}\n"
              "int after;\n")

    def test_enclosing_function(self):
        path = write(tempfile.mkdtemp(), "a.c", self.SOURCE)
        self.assertEqual([kerneltree.enclosing_function(path, n) for n in (3, 5, 7, 9)],
                         ["kernel_style", "one_line", "brace_on_signature", ""])

    def test_kernel_version(self):
        d = tempfile.mkdtemp()
        write(d, "Makefile", "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 192\n")
        self.assertEqual(kerneltree.kernel_version(d), "6.1.192")
        write(d, "Makefile", "all:\n")
        self.assertRaisesRegex(cli.InputError, "not a kernel tree", kerneltree.kernel_version, d)


class Crashes(unittest.TestCase):
    def test_crashed(self):
        self.assertTrue(crashes.crashed(-11, ""))
        self.assertTrue(crashes.crashed(1, "PLEASE submit a bug report to ..."))
        self.assertFalse(crashes.crashed(1, "a.c:1:1: error: x"))
        self.assertFalse(crashes.crashed(None, "Stack dump:"))


class Baselines(unittest.TestCase):
    def test_old_fingerprints_converted(self):
        d = tempfile.mkdtemp()
        entry = dict(FINDING, fingerprint="0123456789ab", count=2)
        path = write(d, "b.json", json.dumps({"format": baselines.FORMAT, "findings": [entry]}))
        self.assertEqual(baselines.read(path)[0]["fingerprint"], fingerprint.fingerprint(FINDING))

    def test_not_a_baseline(self):
        path = write(tempfile.mkdtemp(), "b.json", json.dumps({"findings": []}))
        with self.assertRaisesRegex(cli.InputError, "re-record it: scripts/baseline.py record"):
            baselines.read(path)


class Report(unittest.TestCase):
    def test_clang_style(self):
        f = dict(FINDING, line=140, column=3, level="warning")
        self.assertEqual(report.clang_style(f), "fs/foo/super.c:140:3: warning: %s [%s]"
                         % (FINDING["message"], FINDING["check"]))


class Cli(unittest.TestCase):
    def test_one_line_errors(self):
        @cli.main
        def missing():
            open("/nonexistent/file")

        err = io.StringIO()
        with redirect_stderr(err):
            self.assertEqual(missing(), 2)
        self.assertRegex(err.getvalue(), r"^[^\n]+: error: /nonexistent/file: No such file or directory\n$")



class ScopeHelpers(unittest.TestCase):
    """kerneltree.scope_helpers: header functions that only open or only
    close a scope, through the API or each other; the units that call them."""

    def test_one_sided_helpers_and_their_units(self):
        with tempfile.TemporaryDirectory() as tree:
            for d in ("fs/ext4", "include/linux/sched", "tools/include"):
                os.makedirs(os.path.join(tree, d))
            write(tree, "fs/ext4/ext4.h",
                  "static inline int ext4_writepages_down_write(struct super_block *sb)\n{\n"
                  "\tpercpu_down_write(&sb->rwsem);\n\treturn memalloc_nofs_save();\n}\n\n"
                  "static inline void ext4_writepages_up_write(struct super_block *sb, int ctx)\n{\n"
                  "\tmemalloc_nofs_restore(ctx);\n}\n\n"
                  "static inline void balanced(void)\n{\n"
                  "\tunsigned int f = memalloc_noio_save();\n\tmemalloc_noio_restore(f);\n}\n\n"
                  "/* memalloc_nofs_save() in a comment */\n"
                  "static inline int outer_down(struct super_block *sb)\n{\n"
                  "\treturn ext4_writepages_down_write(sb);\n}\n")
            # 5.10's <linux/sched/mm.h>: a one-line stub, then the API's own
            # definitions (a definition is not a call of the function).
            write(tree, "include/linux/sched/mm.h",
                  "static inline void fs_reclaim_release(gfp_t gfp_mask) { }\n\n"
                  "static inline unsigned int memalloc_noio_save(void)\n{\n"
                  "\treturn 0;\n}\n"
                  "static inline unsigned int memalloc_nofs_save(void)\n{\n"
                  "\treturn memalloc_flags_save(PF_MEMALLOC_NOFS);\n}\n")
            write(tree, "tools/include/x.h",
                  "static inline int tool_save(void)\n{\n\treturn memalloc_nofs_save();\n}\n")
            helpers = kerneltree.scope_helpers(tree)
            self.assertEqual(helpers, {"ext4_writepages_down_write": "save",
                                       "ext4_writepages_up_write": "restore",
                                       "outer_down": "save"})
            write(tree, "fs/ext4/migrate.c",
                  "int m(void)\n{\n\tint c = ext4_writepages_down_write(sb);\n"
                  "\text4_writepages_up_write(sb, c);\n}\n")
            write(tree, "fs/ext4/super.c", "void s(void)\n{\n\tbalanced();\n}\n")
            write(tree, "fs/ext4/inode.c",
                  "void i(void)\n{\n\tunsigned int f = memalloc_nofs_save();\n}\n")
            db = {os.path.join(tree, f): (tree, ["clang"]) for f in
                  ("fs/ext4/migrate.c", "fs/ext4/super.c", "fs/ext4/inode.c")}
            self.assertEqual([os.path.relpath(u, tree)
                              for u in kerneltree.scope_api_units(tree, db, helpers)],
                             ["fs/ext4/inode.c", "fs/ext4/migrate.c"])
            self.assertEqual([os.path.relpath(u, tree)
                              for u in kerneltree.scope_api_units(tree, db)],
                             ["fs/ext4/inode.c"])


if __name__ == "__main__":
    unittest.main()


class BuildDb(unittest.TestCase):
    """kerneltree.build_db: the units kbuild's dry run would compile, plus
    the prepared database's (already built, so absent from the dry run)."""

    def test_dry_run_and_prepared_units(self):
        with tempfile.TemporaryDirectory() as tree, tempfile.TemporaryDirectory() as state:
            for d in ("fs/ext4", "drivers/md", "arch/x86/kernel"):
                os.makedirs(os.path.join(tree, d))
            for f in ("fs/ext4/inode.c", "drivers/md/dm.c", "arch/x86/kernel/setup.c",
                      "fs/ext4/super.c"):
                write(tree, f, "int x;\n")
            write(state, "dry-run.txt",
                  "  clang -Wp,-MMD,fs/ext4/.inode.o.d -nostdinc -O2 -c -o fs/ext4/inode.o "
                  "fs/ext4/inode.c  ; scripts/basic/fixdep fs/ext4/.inode.o.d\n"
                  "  clang -Wp,-MMD,drivers/md/.dm.o.d -c -o drivers/md/dm.o drivers/md/dm.c\n"
                  "  clang -O2 -c -o arch/x86/kernel/setup.o arch/x86/kernel/setup.c\n"
                  "  clang -O2 -c -o fs/gone.o fs/gone.c\n"
                  "  echo not a compile: clang -E -o x.i x.c\n")
            with open(os.path.join(tree, "compile_commands.json"), "w") as f:
                json.dump([{"directory": tree, "file": "fs/ext4/super.c",
                            "command": "clang -c -o fs/ext4/super.o fs/ext4/super.c"}], f)
            db_path = os.path.join(state, "db.json")
            units = kerneltree.build_db(tree, state, db_path)
            self.assertEqual(sorted(os.path.relpath(u, tree) for u in units),
                             ["arch/x86/kernel/setup.c", "drivers/md/dm.c",
                              "fs/ext4/inode.c", "fs/ext4/super.c"])
            db = kerneltree.compile_db(tree, db_path)
            directory, argv = db[os.path.join(tree, "fs/ext4/inode.c")]
            self.assertEqual((directory, argv[0], argv[-1]), (tree, "clang", "fs/ext4/inode.c"))
            self.assertIn("-O2", argv)
            only_fs = kerneltree.build_db(tree, state, db_path, dirs=["fs", "drivers/md/"])
            self.assertEqual(sorted(os.path.relpath(u, tree) for u in only_fs),
                             ["drivers/md/dm.c", "fs/ext4/inode.c", "fs/ext4/super.c"])
            self.assertEqual(kerneltree.build_db(tree, state, db_path, dirs=["."]), units)
