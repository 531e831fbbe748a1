"""Unit tests of scripts/gfpscope_tools/audit.py, the reduce step of the
NOFS/NOIO audit (run with the other tests: python3 -m unittest discover -s
scripts/tests -t scripts)."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.dirname(HERE)
sys.path.insert(0, SCRIPTS)
from gfpscope_tools import audit  # noqa: E402
from gfpscope_tools.cli import InputError  # noqa: E402

NOFS_SCOPE = "memalloc_nofs_save() at fs/xfs/a.c:11"
NOIO_SCOPE = "memalloc_noio_save() at block/b.c:5"


def call(callee, line, level=None, scope=None):
    c = {"callee": callee, "line": line}
    if level:
        c.update(level=level, scope=scope or "%s scope" % level)
    return c


def via_field(field, line, level=None, scope=None):
    c = {"field": field, "line": line}
    if level:
        c.update(level=level, scope=scope or "%s scope" % level)
    return c


def site(path, line, needs="nofs", level="none", column=9, mask=None):
    return {"file": path, "line": line, "column": column, "allocator": "kmalloc",
            "mask": mask or ("GFP_NOFS" if needs == "nofs" else "GFP_NOIO"),
            "needs": needs, "level": level}


def fn(name, path="fs/xfs/a.c", line=1, static=False, **keys):
    entry = {"id": "%s::%s" % (path, name) if static else name, "name": name, "file": path,
             "line": line, "static": static}
    entry.update(keys)
    return entry


def summary(unit, functions, stores=(), escapes=(), leaked=()):
    return {"format": audit.SUMMARY_FORMAT, "version": 1, "unit": unit,
            "functions": list(functions), "stores": list(stores), "escapes": list(escapes),
            "leaked_fields": list(leaked)}


class AuditCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.dir = self.tmp.name

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            json.dump(data, f)
        return path

    def load(self, *summaries):
        for i, s in enumerate(summaries):
            self.write("unit%d.json" % i, s)
        self.graph = audit.load_summaries(self.dir)
        return self.graph

    def verdicts(self, *summaries):
        graph = self.load(*summaries)
        return {(s["file"], s["line"]): s for s in audit.site_verdicts(graph)}

    def chain(self, verdict):
        return [h["function"] for h in verdict["evidence"]["chain"]]


class Chains(AuditCase):
    def test_every_caller_in_scope_is_redundant_with_its_chain(self):
        v = self.verdicts(summary("fs/xfs/a.c", [
            fn("xfs_top", line=10, calls=[call("xfs_mid", 12, "nofs", NOFS_SCOPE)]),
            fn("xfs_mid", line=20, calls=[call("xfs_leaf", 22)]),
            fn("xfs_leaf", line=30, sites=[site("fs/xfs/a.c", 31)])]))
        s = v[("fs/xfs/a.c", 31)]
        self.assertEqual(s["verdict"], "redundant")
        self.assertEqual(s["pessimistic"], "nofs")
        self.assertEqual(self.chain(s), ["xfs_top", "xfs_mid", "xfs_leaf"])
        self.assertEqual([h["line"] for h in s["evidence"]["chain"]], [12, 22, 31])
        self.assertEqual(s["evidence"]["scope"], NOFS_SCOPE)
        self.assertIn("xfs_top (fs/xfs/a.c:12) → xfs_mid (fs/xfs/a.c:22) → xfs_leaf",
                      s["evidence"]["text"])

    def test_exported_function_is_unknown(self):
        # Called only inside a scope in the analysed units, but exported:
        # a module may call it from anywhere.
        unit = summary("fs/xfs/a.c", [
            fn("xfs_top", line=10, calls=[call("xfs_leaf", 12, "nofs", NOFS_SCOPE)]),
            fn("xfs_leaf", line=30, sites=[site("fs/xfs/a.c", 31)])])
        self.assertEqual(self.verdicts(unit)[("fs/xfs/a.c", 31)]["verdict"], "redundant")
        unit["exported"] = ["xfs_leaf"]
        s = self.verdicts(unit)[("fs/xfs/a.c", 31)]
        self.assertEqual(s["verdict"], "unknown")
        self.assertEqual(s["evidence"]["roots"][0]["reason"], audit.EXPORTED)

    def test_local_scope_is_redundant(self):
        v = self.verdicts(summary("fs/xfs/a.c", [
            fn("xfs_top", calls=[call("kmalloc", 12, "nofs", NOFS_SCOPE)],
               sites=[site("fs/xfs/a.c", 12, level="nofs")])]))
        s = v[("fs/xfs/a.c", 12)]
        self.assertEqual(s["verdict"], "redundant")
        self.assertEqual(s["evidence"]["scope"], NOFS_SCOPE)
        self.assertEqual(self.chain(s), ["xfs_top"])

    def test_one_caller_from_a_syscall_is_needed(self):
        v = self.verdicts(summary("fs/foo/a.c", [
            fn("__do_sys_foo", "fs/foo/a.c", 5, static=True, calls=[call("foo_a", 6)]),
            fn("foo_in_scope", "fs/foo/a.c", 8, calls=[call("foo_a", 9, "nofs")]),
            fn("foo_a", "fs/foo/a.c", 10, calls=[call("foo_b", 11)]),
            fn("foo_b", "fs/foo/a.c", 20, sites=[site("fs/foo/a.c", 21)])]))
        s = v[("fs/foo/a.c", 21)]
        self.assertEqual(s["verdict"], "needed")
        self.assertEqual((s["pessimistic"], s["optimistic"]), ("none", "none"))
        self.assertEqual(self.chain(s), ["fs/foo/a.c::__do_sys_foo", "foo_a", "foo_b"])
        self.assertEqual(s["evidence"]["start"], "outside")
        self.assertIn("system call", s["evidence"]["text"])

    def test_syscall_names(self):
        for name in ("sys_write", "__x64_sys_write", "__se_sys_write", "__do_sys_write",
                     "__ia32_compat_sys_ioctl", "__arm64_sys_read", "compat_sys_ioctl"):
            self.assertTrue(audit.SYSCALL.match(name), name)
        for name in ("ksys_write", "sysfs_create", "do_sys_open_x", "my_sys_write"):
            self.assertFalse(audit.SYSCALL.match(name), name)

    def test_syscall_with_a_scope_of_its_own(self):
        v = self.verdicts(summary("fs/foo/a.c", [
            fn("__x64_sys_foo", calls=[call("foo_a", 6, "nofs")]),
            fn("foo_a", sites=[site("fs/foo/a.c", 21)])]))
        self.assertEqual(v[("fs/foo/a.c", 21)]["verdict"], "redundant")

    def test_recursion_entered_only_in_scope_stays_redundant(self):
        v = self.verdicts(summary("fs/xfs/a.c", [
            fn("xfs_top", calls=[call("xfs_walk", 12, "nofs", NOFS_SCOPE)]),
            fn("xfs_walk", calls=[call("xfs_step", 22)]),
            fn("xfs_step", calls=[call("xfs_walk", 32), call("xfs_step", 33)],
               sites=[site("fs/xfs/a.c", 31)])]))
        s = v[("fs/xfs/a.c", 31)]
        self.assertEqual(s["verdict"], "redundant")
        self.assertEqual(self.chain(s), ["xfs_top", "xfs_walk", "xfs_step"])

    def test_recursion_nobody_calls_is_not_in_scope(self):
        # ping and pong call each other (one of them in a scope), self_rec
        # only itself: each has a caller, yet nothing we see enters them.
        v = self.verdicts(summary("fs/xfs/a.c", [
            fn("ping", calls=[call("pong", 12, "nofs")], sites=[site("fs/xfs/a.c", 13)]),
            fn("pong", calls=[call("ping", 22)], sites=[site("fs/xfs/a.c", 23)]),
            fn("self_rec", calls=[call("self_rec", 32)], sites=[site("fs/xfs/a.c", 33)])]))
        for line in (13, 23, 33):
            self.assertEqual(v[("fs/xfs/a.c", line)]["verdict"], "unknown", line)
        roots = v[("fs/xfs/a.c", 33)]["evidence"]["roots"]
        self.assertEqual(roots, [{"function": "self_rec", "reason": audit.OWN_RECURSION}])
        self.assertEqual(self.graph.analysis().pess, [audit.NONE] * 3)

    def test_no_caller_is_unknown(self):
        v = self.verdicts(summary("fs/xfs/a.c", [
            fn("xfs_exported", calls=[call("fs/xfs/a.c::xfs_helper", 5)]),
            fn("xfs_helper", static=True, sites=[site("fs/xfs/a.c", 6)]),
            fn("xfs_unused", static=True, sites=[site("fs/xfs/a.c", 8)])]))
        s = v[("fs/xfs/a.c", 6)]
        self.assertEqual(s["verdict"], "unknown")
        self.assertEqual((s["pessimistic"], s["optimistic"]), ("none", "noio"))
        self.assertEqual(s["evidence"]["roots"],
                         [{"function": "xfs_exported", "reason": audit.NO_CALLER}])
        self.assertEqual(v[("fs/xfs/a.c", 8)]["evidence"]["roots"],
                         [{"function": "fs/xfs/a.c::xfs_unused",
                           "reason": audit.NO_CALLER_STATIC}])

    def test_unknown_roots_named_only_along_calls_outside_scopes(self):
        v = self.verdicts(summary("fs/xfs/a.c", [
            fn("in_scope", calls=[call("mid", 2, "nofs")]),
            fn("bare1", calls=[call("mid", 3)]),
            fn("bare2", calls=[call("leaf", 4)]),
            fn("mid", calls=[call("leaf", 5)]),
            fn("leaf", sites=[site("fs/xfs/a.c", 6)])]))
        s = v[("fs/xfs/a.c", 6)]
        self.assertEqual(s["verdict"], "unknown")
        self.assertEqual(sorted(r["function"] for r in s["evidence"]["roots"]), ["bare1", "bare2"])
        self.assertIn("bare1(): no caller", s["evidence"]["text"])


class AddressesAndFields(AuditCase):
    FIELD = "address_space_operations::readahead"

    def ops(self, stores_extra=(), escapes=(), leaked=(), level="nofs"):
        return summary("fs/ext4/inode.c", [
            fn("__x64_sys_readahead", calls=[call("ra_caller", 3, level, NOFS_SCOPE)]),
            fn("ra_caller", indirect=[via_field(self.FIELD, 20, level, NOFS_SCOPE),
                                      via_field(None, 22)]),
            fn("ext4_readahead", "fs/ext4/inode.c", 40, static=True,
               sites=[site("fs/ext4/inode.c", 41)])],
            stores=[{"function": "fs/ext4/inode.c::ext4_readahead", "field": self.FIELD,
                     "file": "fs/ext4/inode.c", "line": 900}] + list(stores_extra),
            escapes=escapes, leaked=leaked)

    def test_ops_field_called_inside_a_scope(self):
        v = self.verdicts(self.ops())
        s = v[("fs/ext4/inode.c", 41)]
        self.assertEqual(s["verdict"], "redundant")
        self.assertEqual(self.chain(s), ["ra_caller", "fs/ext4/inode.c::ext4_readahead"])
        self.assertEqual(s["evidence"]["chain"][0]["through"], self.FIELD)

    def test_ops_field_called_outside_a_scope(self):
        v = self.verdicts(self.ops(level=None))
        s = v[("fs/ext4/inode.c", 41)]
        self.assertEqual(s["verdict"], "needed")
        self.assertEqual(self.chain(s), ["__x64_sys_readahead", "ra_caller",
                                         "fs/ext4/inode.c::ext4_readahead"])

    def test_escaping_address_is_unknown(self):
        v = self.verdicts(self.ops(escapes=[{"function": "fs/ext4/inode.c::ext4_readahead",
                                             "file": "fs/ext4/super.c", "line": 3700}]))
        s = v[("fs/ext4/inode.c", 41)]
        self.assertEqual(s["verdict"], "unknown")
        self.assertEqual(s["evidence"]["roots"][0]["function"], "fs/ext4/inode.c::ext4_readahead")
        self.assertEqual(s["evidence"]["roots"][0]["reason"],
                         "address escapes at fs/ext4/super.c:3700")

    def test_leaked_field_is_unknown(self):
        v = self.verdicts(self.ops(leaked=[self.FIELD]))
        s = v[("fs/ext4/inode.c", 41)]
        self.assertEqual(s["verdict"], "unknown")
        self.assertIn("leaked", s["evidence"]["roots"][0]["reason"])
        self.assertIn(self.FIELD, s["evidence"]["roots"][0]["reason"])

    def test_leaked_field_gives_no_edges(self):
        # Called outside any scope from a system call, but through a leaked
        # field: its functions are unknown roots, not reached from the call.
        self.load(self.ops(leaked=[self.FIELD], level=None))
        a = self.graph.analysis()
        self.assertEqual(a.fields, [])
        self.assertEqual(a.call_edges, 1)
        s = audit.site_verdicts(self.graph)[0]
        self.assertEqual((s["verdict"], s["optimistic"]), ("unknown", "noio"))

    def test_field_called_nowhere_is_unknown(self):
        other = "file_operations::write_iter"
        v = self.verdicts(self.ops(stores_extra=[
            {"function": "fs/ext4/inode.c::ext4_readahead", "field": other,
             "file": "fs/ext4/file.c", "line": 7}]))
        s = v[("fs/ext4/inode.c", 41)]
        self.assertEqual(s["verdict"], "unknown")
        self.assertEqual(s["evidence"]["roots"][0]["reason"],
                         "stored in %s (fs/ext4/file.c:7), which is called nowhere we see" % other)


class Closes(AuditCase):
    def test_closing_caller_stops_the_callers_scope(self):
        v = self.verdicts(summary("fs/jbd2/t.c", [
            fn("__x64_sys_sync", calls=[call("j_top", 2, "nofs", NOFS_SCOPE)]),
            fn("j_top", calls=[call("j_stop", 3, "nofs", NOFS_SCOPE)]),
            fn("j_stop", closes=True,
               calls=[call("j_after", 10), call("j_kept", 11, "nofs", "inner scope"),
                      call("kmalloc", 13, "nofs", "memalloc_nofs_save() at fs/jbd2/t.c:12")],
               sites=[site("fs/jbd2/t.c", 12), site("fs/jbd2/t.c", 13, level="nofs")]),
            fn("j_after", sites=[site("fs/jbd2/t.c", 21)]),
            fn("j_kept", sites=[site("fs/jbd2/t.c", 31)])]))
        # What j_stop closes may be the callers' only scope (pessimistic:
        # not redundant) or one inside theirs (optimistic: not needed).
        self.assertEqual(v[("fs/jbd2/t.c", 12)]["verdict"], "unknown")
        self.assertEqual(v[("fs/jbd2/t.c", 13)]["verdict"], "redundant")
        self.assertEqual(v[("fs/jbd2/t.c", 13)]["evidence"]["scope"],
                         "memalloc_nofs_save() at fs/jbd2/t.c:12")
        after = v[("fs/jbd2/t.c", 21)]
        self.assertEqual((after["verdict"], after["pessimistic"], after["optimistic"]),
                         ("unknown", "none", "nofs"))
        kept = v[("fs/jbd2/t.c", 31)]
        self.assertEqual(kept["verdict"], "redundant")
        self.assertEqual(kept["evidence"]["scope"], "inner scope")
        functions = audit.verdicts_for_check(self.graph)["functions"]
        self.assertNotIn("j_stop", functions)
        self.assertEqual(sorted(functions), ["j_kept", "j_top"])


    def test_closing_function_on_a_chain_outside_any_scope(self):
        v = self.verdicts(summary("fs/jbd2/t.c", [
            fn("__x64_sys_sync", calls=[call("j_stop", 2)]),
            fn("j_stop", closes=True, calls=[call("j_after", 10)]),
            fn("j_after", sites=[site("fs/jbd2/t.c", 21)])]))
        after = v[("fs/jbd2/t.c", 21)]
        self.assertEqual(after["verdict"], "needed")
        self.assertEqual(after["evidence"]["start"], "outside")
        self.assertEqual(self.chain(after), ["__x64_sys_sync", "j_stop", "j_after"])


class Merging(AuditCase):
    HELPER = "include/linux/h.h::h_helper"

    def unit(self, name, callee, in_scope_caller):
        return summary(name, [
            fn("h_helper", "include/linux/h.h", 5, static=True, calls=[call(callee, 6)],
               sites=[site("include/linux/h.h", 7)]),
            fn(in_scope_caller, name, calls=[call(self.HELPER, 3, "nofs", NOFS_SCOPE)]),
            fn(callee, name, sites=[site(name, 40)])])

    def test_header_inline_merged(self):
        sites = audit.site_verdicts(self.load(self.unit("fs/a/one.c", "one_cb", "one_top"),
                                              self.unit("fs/a/two.c", "two_cb", "two_top")))
        self.assertEqual([(s["file"], s["line"]) for s in sites],
                         [("fs/a/one.c", 40), ("fs/a/two.c", 40), ("include/linux/h.h", 7)])
        self.assertEqual({s["verdict"] for s in sites}, {"redundant"})
        helper = self.graph.functions[self.HELPER]
        self.assertEqual(sorted(c for c, _, _ in helper.calls), ["one_cb", "two_cb"])
        self.assertEqual(len(helper.sites), 1)

    def test_same_call_twice_is_one_edge(self):
        self.load(self.unit("fs/a/one.c", "one_cb", "one_top"),
                  self.unit("fs/a/one.c", "one_cb", "one_top"))
        self.assertEqual(self.graph.analysis().call_edges, 2)
        self.assertEqual(len(self.graph.units), 2)

    def test_load_a_list_of_files(self):
        a = self.write("a.json", self.unit("fs/a/one.c", "one_cb", "one_top"))
        graph = audit.load_summaries([a])
        self.assertEqual(len(graph.functions), 3)


class Levels(AuditCase):
    def test_nofs_scope_does_not_cover_noio(self):
        v = self.verdicts(summary("block/b.c", [
            fn("__x64_sys_bar", calls=[call("b_nofs", 2, "nofs", NOFS_SCOPE),
                                       call("b_noio", 3, "noio", NOIO_SCOPE)]),
            fn("b_nofs", sites=[site("block/b.c", 10, "nofs"), site("block/b.c", 11, "noio")]),
            fn("b_noio", sites=[site("block/b.c", 20, "nofs"), site("block/b.c", 21, "noio")])]))
        self.assertEqual(v[("block/b.c", 10)]["verdict"], "redundant")
        self.assertEqual(v[("block/b.c", 11)]["verdict"], "needed")
        self.assertEqual(v[("block/b.c", 20)]["verdict"], "redundant")
        self.assertEqual(v[("block/b.c", 21)]["verdict"], "redundant")
        self.assertEqual(v[("block/b.c", 21)]["evidence"]["scope"], NOIO_SCOPE)

    def test_meet_over_callers(self):
        self.load(summary("block/b.c", [
            fn("r1", calls=[call("both", 2, "nofs")]),
            fn("r2", calls=[call("both", 3, "noio")]),
            fn("both")]))
        a = self.graph.analysis()
        self.assertEqual(a.pess[a.index["both"]], audit.NOFS)
        self.assertEqual(a.opt[a.index["r1"]], audit.NOIO)


class Outputs(AuditCase):
    def graph_for_outputs(self):
        return self.load(summary("fs/xfs/a.c", [
            fn("xfs_top", calls=[call("xfs_mid", 12, "nofs", NOFS_SCOPE)]),
            fn("xfs_mid", "fs/xfs/a.c", 40, calls=[call("xfs_io", 41, "noio", "io scope")],
               contract={"opens": [{"families": ["nofs"], "field": "handle::saved", "maybe": True}],
                         "closes": []}),
            fn("xfs_io", "fs/xfs/a.c", 50, sites=[site("fs/xfs/a.c", 51, "noio")]),
            fn("xfs_stop", contract={"opens": [], "closes": [
                {"families": ["nofs"], "field": "handle::saved", "maybe": False}]}),
            fn("xfs_lonely", contract={"opens": [{"families": ["noio"], "field": "other::f",
                                                  "maybe": False}]})]),
            summary("fs/open.c", [fn("__do_sys_open", "fs/open.c", calls=[call("vfs_x", 3)]),
                                  fn("vfs_x", "fs/open.c", sites=[site("fs/open.c", 9)])]))

    def test_verdicts_for_check(self):
        out = audit.verdicts_for_check(self.graph_for_outputs())
        self.assertEqual((out["format"], out["version"]), ("gfpscope-audit-verdicts", 1))
        self.assertEqual(sorted(out["functions"]), ["xfs_io", "xfs_mid"])
        self.assertEqual(out["functions"]["xfs_mid"]["level"], "nofs")
        self.assertEqual(out["functions"]["xfs_io"]["level"], "noio")
        self.assertEqual(out["functions"]["xfs_mid"]["via"],
                         "called only inside scopes; one chain: xfs_mid (fs/xfs/a.c:40) <- "
                         "xfs_top (fs/xfs/a.c:12) inside " + NOFS_SCOPE)
        self.assertEqual(out["functions"]["xfs_io"]["via"],
                         "called only inside scopes; one chain: xfs_io (fs/xfs/a.c:50) <- "
                         "xfs_mid (fs/xfs/a.c:41) inside io scope")

    def test_report_json_and_contracts(self):
        report = audit.report_json(self.graph_for_outputs(), title="T")
        self.assertEqual(report["counts"], {"sites": 2, "redundant": 1, "needed": 1,
                                            "unknown": 0})
        self.assertEqual([(s["file"], s["verdict"]) for s in report["sites"]],
                         [("fs/open.c", "needed"), ("fs/xfs/a.c", "redundant")])
        self.assertEqual([g["group"] for g in report["groups"]], ["fs", "fs/xfs"])
        self.assertEqual(report["contracts"], [{
            "field": "handle::saved", "families": ["nofs"], "openers": ["xfs_mid"],
            "closers": ["xfs_stop"], "opener_maybe": True}])
        json.dumps(report)

    def test_markdown(self):
        text = audit.report_markdown(audit.report_json(self.graph_for_outputs(), title="T"))
        self.assertTrue(text.startswith("# T\n"))
        self.assertIn("| fs/xfs | 1 | 1 | 0 | 0 |", text)
        self.assertIn("| **total** | 2 | 1 | 1 | 0 |", text)
        self.assertIn("| `handle::saved` | nofs | `xfs_mid()` | `xfs_stop()` | yes |", text)
        self.assertIn("xfs_mid (fs/xfs/a.c:41) → xfs_io (fs/xfs/a.c:51)", text)
        self.assertIn("__do_sys_open (fs/open.c:3) → vfs_x (fs/open.c:9)", text)

    def test_groups(self):
        for path, group in (("fs/xfs/libxfs/a.c", "fs/xfs"), ("fs/namei.c", "fs"),
                            ("block/partitions/x.c", "block"), ("drivers/md/bcache/x.c",
                                                                "drivers/md"),
                            ("drivers/block/loop.c", "drivers/block"), ("mm/slab.c", "mm"),
                            ("include/linux/fs.h", "include/linux"), ("x.c", ".")):
            self.assertEqual(audit.group_of(path), group, path)


class BadInputs(AuditCase):
    def test_wrong_format_names_the_file(self):
        path = self.write("bad.json", {"format": "gfpscope-audit-summary", "version": 2})
        with self.assertRaisesRegex(InputError, "bad.json: not a gfpscope-audit-summary "
                                                "version 1 file"):
            audit.load_summaries(self.dir)
        os.remove(path)
        self.write("x.json", [1, 2])
        with self.assertRaisesRegex(InputError, "x.json"):
            audit.load_summaries(self.dir)

    def test_malformed_and_missing(self):
        self.write("m.json", summary("a.c", [{"name": "no_id"}]))
        with self.assertRaisesRegex(InputError, "m.json: malformed"):
            audit.load_summaries(self.dir)
        with open(os.path.join(self.dir, "m.json"), "w") as f:
            f.write("{")
        with self.assertRaisesRegex(InputError, "m.json: not valid JSON"):
            audit.load_summaries(self.dir)
        with self.assertRaisesRegex(InputError, "no such file or directory"):
            audit.load_summaries(os.path.join(self.dir, "missing"))
        empty = os.path.join(self.dir, "empty")
        os.mkdir(empty)
        with self.assertRaisesRegex(InputError, "no audit summaries"):
            audit.load_summaries(empty)

    def test_unknown_level(self):
        self.write("l.json", summary("a.c", [fn("f", calls=[call("g", 1, "nolevel")])]))
        with self.assertRaisesRegex(InputError, "l.json: malformed.*nolevel"):
            audit.load_summaries(self.dir)


class CommandLine(AuditCase):
    def run_cli(self, *args):
        return subprocess.run([sys.executable, "-B", "-m", "gfpscope_tools.audit"] + list(args),
                              cwd=SCRIPTS, capture_output=True, text=True)

    def test_merge_end_to_end(self):
        summaries = os.path.join(self.dir, "summaries")
        os.mkdir(summaries)
        with open(os.path.join(summaries, "fs_foo_a.c.json"), "w") as f:
            json.dump(summary("fs/foo/a.c", [
                fn("__do_sys_foo", "fs/foo/a.c", calls=[call("foo_a", 6)]),
                fn("foo_a", "fs/foo/a.c", calls=[call("foo_b", 7, "nofs", NOFS_SCOPE)]),
                fn("foo_b", "fs/foo/a.c", sites=[site("fs/foo/a.c", 21),
                                                 site("fs/foo/a.c", 22, "noio")])]), f)
        out = {k: os.path.join(self.dir, k) for k in ("v.json", "r.json", "r.md")}
        p = self.run_cli("merge", "--summaries", summaries, "--verdicts", out["v.json"],
                         "--report", out["r.json"], "--markdown", out["r.md"], "--title", "Demo")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, r"^audit: 1 units, 3 functions, 2 edges, 2 sites: "
                                   r"1 redundant, 1 needed, 0 unknown; 1 functions in scope "
                                   r"\([\d.]+ s\)\n$")
        with open(out["v.json"]) as f:
            self.assertEqual(list(json.load(f)["functions"]), ["foo_b"])
        with open(out["r.json"]) as f:
            self.assertEqual([s["verdict"] for s in json.load(f)["sites"]],
                             ["redundant", "needed"])
        with open(out["r.md"]) as f:
            self.assertTrue(f.read().startswith("# Demo\n"))

    def test_exit_codes(self):
        p = self.run_cli("merge", "--summaries", os.path.join(self.dir, "missing"))
        self.assertEqual(p.returncode, 2)
        self.assertRegex(p.stderr, r"^[^\n]+: error: [^\n]*missing: no such file or directory\n$")
        p = self.run_cli("merge", "--summaries", self.dir)
        self.assertEqual(p.returncode, 2)
        self.assertIn("no audit summaries", p.stderr)
        self.write("w.json", {"format": "something-else", "version": 1})
        p = self.run_cli("merge", "--summaries", self.dir)
        self.assertEqual(p.returncode, 2)
        self.assertIn("w.json: not a gfpscope-audit-summary version 1 file", p.stderr)
        self.assertNotIn("Traceback", p.stderr)
        self.assertEqual(self.run_cli("merge").returncode, 2)


if __name__ == "__main__":
    unittest.main()
