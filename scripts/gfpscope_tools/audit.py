"""The reduce step of the kernel-wide audit of explicit GFP_NOFS/GFP_NOIO
masks (issue 16; the map step is lib/AuditSummary): which explicit NOFS/NOIO
allocation sites already run inside a memalloc scope on every call chain.

  python3 -m gfpscope_tools.audit merge --summaries DIR [--verdicts OUT.json]
          [--report OUT.json] [--markdown OUT.md] [--title T]

Reads the per-unit summaries ("gfpscope-audit-summary" version 1, one JSON
file per unit, DIR/*.json) and merges them into one call graph (a function
defined in many units through a header is one function: its calls and sites
are the union). Edges: direct calls to defined functions, and calls through
a structure's field S::f to every function stored in S::f, unless S::f is
leaked (its value is copied elsewhere). Such calls go through one node per
field (caller -> S::f -> each stored function), which keeps the graph the
size of the summaries rather than callers x implementations.

Roots are the functions entered from outside what we see:
  * outside roots, known to run outside any scope: system call entry points
    (SYSCALL below);
  * unknown roots: an exported function (EXPORT_SYMBOL: any module may call
    it), a function whose address escapes, one stored in a field
    that is leaked or never called, one without a caller, and (so that a
    recursion nobody calls does not prove itself in scope) every function of
    a recursion cycle that nothing outside it calls.

Two greatest fixpoints give each function the level (none < nofs < noio)
that every chain into it guarantees: pessimistic (unknown roots run outside
any scope) and optimistic (unknown roots run inside a noio scope). A
function that `closes` scopes gets nothing from its callers in the
pessimistic fixpoint (in the optimistic one the scope it closes is taken to
be one its callers opened inside theirs): its calls and
sites count only their own local level. A site is redundant when the
pessimistic level covers it, needed when the optimistic one does not,
unknown otherwise; each verdict comes with its evidence (a chain to the
scope, a chain from a system call, the unknown roots).

Outputs: the verdicts linuxkernel-redundant-nofs reads (lib/AuditVerdicts,
verdicts_for_check), a JSON report (report_json) and its markdown
(report_markdown).
"""

import argparse
import glob
import json
import os
import re
import sys
import time

from . import cli
from .cli import InputError

SUMMARY_FORMAT = "gfpscope-audit-summary"
VERDICTS_FORMAT = "gfpscope-audit-verdicts"
REPORT_FORMAT = "gfpscope-audit-report"
VERSION = 1

LEVELS = ("none", "nofs", "noio")
NONE, NOFS, NOIO = 0, 1, 2
LEVEL = {name: i for i, name in enumerate(LEVELS)}
SYSCALL = re.compile(r"^(__x64_|__ia32_|__arm64_)?(__se_|__do_)?(compat_)?sys_")
MAX_UNKNOWN_ROOTS = 3
MAX_NEEDED_EXAMPLES = 20
START = -2        # a parent that is a chain's start (an outside root)

# Why a function is an unknown root (the words of the report).
ESCAPES = "address escapes at %s:%d"
LEAKED = "stored in %s (%s:%d), a field whose value is copied elsewhere (leaked)"
NEVER_CALLED = "stored in %s (%s:%d), which is called nowhere we see"
NO_CALLER = "no caller in the analysed units (called from outside them)"
EXPORTED = "exported (EXPORT_SYMBOL): modules outside the analysed units may call it"
NO_CALLER_STATIC = "no caller in the analysed units (static: called only through something we do not see)"
OWN_RECURSION = "called only from its own recursion cycle, which nothing in the analysed units calls"


def level_of(name):
    if name not in LEVEL:
        raise ValueError("unknown level %r" % (name,))
    return LEVEL[name]


class Function:
    """One function, merged over the units that define it."""

    __slots__ = ("id", "name", "file", "line", "static", "closes", "calls", "indirect",
                 "sites", "opens", "closes_fields")

    def __init__(self, entry):
        self.id = entry["id"]
        self.name = entry.get("name") or self.id.rsplit("::", 1)[-1]
        self.file = entry.get("file", "")
        self.line = entry.get("line", 0)
        self.static = bool(entry.get("static", False))
        self.closes = False
        self.calls = {}        # (callee, line, level) -> scope
        self.indirect = {}     # (field, line, level) -> scope; field None: unresolvable
        self.sites = {}        # (file, line, column) -> site
        self.opens = {}        # (field, families, maybe) -> True: the contract's halves
        self.closes_fields = {}

    def merge(self, entry):
        self.closes = self.closes or bool(entry.get("closes", False))
        for c in entry.get("calls", ()):
            self.calls.setdefault((c["callee"], c["line"], level_of(c.get("level", "none"))),
                                  c.get("scope"))
        for c in entry.get("indirect", ()):
            self.indirect.setdefault((c.get("field"), c["line"], level_of(c.get("level", "none"))),
                                     c.get("scope"))
        for s in entry.get("sites", ()):
            key = (s["file"], s["line"], s.get("column", 0))
            level_of(s["needs"]), level_of(s.get("level", "none"))   # validates
            # One place, several calls: a macro that spells the allocation
            # twice (6.14+'s alloc_hooks_tag(): one copy per branch). The
            # site runs with the least covered copy's level.
            old = self.sites.get(key)
            if old is None or level_of(s.get("level", "none")) < level_of(old.get("level", "none")):
                self.sites[key] = s
        contract = entry.get("contract") or {}
        for half, out in (("opens", self.opens), ("closes", self.closes_fields)):
            for c in contract.get(half, ()):
                out[(c["field"], tuple(sorted(c.get("families", ()))), bool(c.get("maybe")))] = True

    def site_scope(self, site):
        """The scope that covers \\p site locally (for notes)."""
        if site.get("scope"):
            return site["scope"]
        needs = LEVEL[site["needs"]]
        fallback = None
        for (callee, line, level), scope in self.calls.items():
            if line == site["line"] and level >= needs and scope:
                if callee.rsplit("::", 1)[-1] == site.get("allocator"):
                    return scope
                fallback = fallback or scope
        return fallback or "a scope open in %s()" % self.name


class Graph:
    """The merged summaries: functions by id, where function addresses go
    (stores: field -> {id: (file, line)}, escapes: id -> [(file, line)]) and
    the leaked fields. analysis() computes the rest, once."""

    def __init__(self):
        self.units = []
        self.functions = {}
        self.stores = {}
        self.escapes = {}
        self.leaked = set()
        self.exported = set()
        self._analysis = None

    def add_summary(self, summary, source):
        if (not isinstance(summary, dict) or summary.get("format") != SUMMARY_FORMAT
                or summary.get("version") != VERSION):
            got = summary if not isinstance(summary, dict) else "%s version %s" % (
                summary.get("format"), summary.get("version"))
            raise InputError("%s: not a %s version %d file (it is %s)"
                             % (source, SUMMARY_FORMAT, VERSION, str(got)[:80]))
        try:
            self._add(summary)
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise InputError("%s: malformed %s: %s %s" % (source, SUMMARY_FORMAT,
                                                          type(e).__name__, e)) from None
        self._analysis = None

    def _add(self, summary):
        self.units.append(summary.get("unit", "?"))
        for entry in summary.get("functions", ()):
            f = self.functions.get(entry["id"])
            if f is None:
                f = self.functions[entry["id"]] = Function(entry)
            f.merge(entry)
        for s in summary.get("stores", ()):
            self.stores.setdefault(s["field"], {}).setdefault(
                s["function"], (s.get("file", "?"), s.get("line", 0)))
        for s in summary.get("escapes", ()):
            places = self.escapes.setdefault(s["function"], [])
            place = (s.get("file", "?"), s.get("line", 0))
            if place not in places:
                places.append(place)
        self.leaked.update(summary.get("leaked_fields", ()))
        self.exported.update(summary.get("exported", ()))

    def analysis(self):
        if self._analysis is None:
            self._analysis = Analysis(self)
        return self._analysis


def summary_files(paths_or_dir):
    """The summary files: a directory's *.json (the check writes them flat,
    one per unit), or the files given."""
    paths = [paths_or_dir] if isinstance(paths_or_dir, (str, os.PathLike)) else list(paths_or_dir)
    files = []
    for path in map(os.fspath, paths):
        if os.path.isdir(path):
            found = sorted(glob.glob(os.path.join(glob.escape(path), "*.json")))
            if not found:
                raise InputError("%s: no audit summaries (*.json) in this directory" % path)
            files += found
        elif os.path.isfile(path):
            files.append(path)
        else:
            raise InputError("%s: no such file or directory" % path)
    if not files:
        raise InputError("no audit summaries given")
    return files


def load_summaries(paths_or_dir):
    """The Graph of the summaries in a directory (or a list of files and
    directories). InputError names a file that is not a summary."""
    graph = Graph()
    for path in summary_files(paths_or_dir):
        with open(path, encoding="utf-8") as f:
            try:
                summary = json.load(f)
            except json.JSONDecodeError as e:
                raise InputError("%s: not valid JSON: %s" % (path, e)) from None
        graph.add_summary(summary, path)
    return graph


class Analysis:
    """The call graph of a Graph with integer nodes (functions first, in id
    order, then one node per called field), its roots, both fixpoints and
    the evidence. Edges are parallel lists: src, dst, level, line, scope and
    via (the field of a call through one)."""

    def __init__(self, graph):
        self.graph = graph
        self.ids = sorted(graph.functions)
        self.index = {fid: i for i, fid in enumerate(self.ids)}
        self.funcs = [graph.functions[fid] for fid in self.ids]
        self.n = len(self.ids)
        self._build_edges()
        self._find_roots()
        self.pess = self._fixpoint(optimistic=False)
        self.opt = self._fixpoint(optimistic=True)
        self._cover, self._needed, self._unknown = {}, {}, {}

    # The graph.

    def _build_edges(self):
        g = self.graph
        called = {field for f in self.funcs for (field, _, _) in f.indirect if field}
        self.impls = {}
        for field, holders in g.stores.items():
            defined = sorted(self.index[fid] for fid in holders if fid in self.index)
            if defined:
                self.impls[field] = defined
        self.fields = sorted(f for f in called if f not in g.leaked and f in self.impls)
        self.field_node = {field: self.n + k for k, field in enumerate(self.fields)}
        self.size = self.n + len(self.fields)
        self.closes = [f.closes for f in self.funcs] + [False] * len(self.fields)
        self.src, self.dst, self.lvl, self.line, self.scope, self.via = [], [], [], [], [], []
        self.out = [[] for _ in range(self.size)]
        self.inn = [[] for _ in range(self.size)]
        self.call_edges = 0
        for u, f in enumerate(self.funcs):
            for (callee, line, level), scope in f.calls.items():
                v = self.index.get(callee)
                if v is not None:
                    self._edge(u, v, level, line, scope, None)
                    self.call_edges += 1
            for (field, line, level), scope in f.indirect.items():
                node = self.field_node.get(field)
                if node is not None:
                    self._edge(u, node, level, line, scope, field)
                    self.call_edges += len(self.impls[field])
        for field, node in self.field_node.items():
            for v in self.impls[field]:
                self._edge(node, v, NONE, 0, None, field)

    def _edge(self, u, v, level, line, scope, via):
        e = len(self.src)
        self.src.append(u)
        self.dst.append(v)
        self.lvl.append(level)
        self.line.append(line)
        self.scope.append(scope)
        self.via.append(via)
        self.out[u].append(e)
        self.inn[v].append(e)

    # The roots.

    def _find_roots(self):
        g = self.graph
        self.outside = [bool(SYSCALL.match(f.name)) for f in self.funcs]
        self.reasons = [[] for _ in range(self.n)]
        for fid, places in sorted(g.escapes.items()):
            if fid in self.index:
                self.reasons[self.index[fid]].append(ESCAPES % places[0])
        for field in sorted(g.stores):
            for fid, (path, line) in sorted(g.stores[field].items()):
                if fid not in self.index:
                    continue
                if field in g.leaked:
                    self.reasons[self.index[fid]].append(LEAKED % (field, path, line))
                elif field not in self.field_node:
                    self.reasons[self.index[fid]].append(NEVER_CALLED % (field, path, line))
        for i, f in enumerate(self.funcs):
            if not self.inn[i]:
                self.reasons[i].append(NO_CALLER_STATIC if f.static else NO_CALLER)
            elif f.id in g.exported:
                self.reasons[i].append(EXPORTED)
        for i in self._uncalled_cycles():
            self.reasons[i].append(OWN_RECURSION)
        self.unknown_root = [bool(r) and not o for r, o in zip(self.reasons, self.outside)]

    def _reached(self, starts):
        seen = [False] * self.size
        stack = list(starts)
        for v in stack:
            seen[v] = True
        while stack:
            u = stack.pop()
            for e in self.out[u]:
                v = self.dst[e]
                if not seen[v]:
                    seen[v] = True
                    stack.append(v)
        return seen

    def _uncalled_cycles(self):
        """The functions of the recursion cycles that no root reaches: those
        of the strongly connected components, among the unreached nodes,
        that no other component calls."""
        roots = [i for i in range(self.n) if self.outside[i] or self.reasons[i]]
        reached = self._reached(roots)
        rest = [v for v in range(self.size) if not reached[v]]
        if not rest:
            return []
        comp = self._components(rest, reached)
        entered = set()
        for v in rest:
            for e in self.inn[v]:
                if comp[self.src[e]] != comp[v]:
                    entered.add(comp[v])
        return [v for v in rest if v < self.n and comp[v] not in entered]

    def _components(self, nodes, skip):
        """Tarjan's strongly connected components of \\p nodes (iterative):
        node -> component number. Nodes with skip[node] are left out."""
        index, low, comp = {}, {}, {}
        stack, on_stack = [], set()
        counter = 0
        for s in nodes:
            if s in index:
                continue
            index[s] = low[s] = counter
            counter += 1
            stack.append(s)
            on_stack.add(s)
            work = [(s, iter(self.out[s]))]
            while work:
                u, edges = work[-1]
                pushed = False
                for e in edges:
                    v = self.dst[e]
                    if skip[v]:
                        continue
                    if v not in index:
                        index[v] = low[v] = counter
                        counter += 1
                        stack.append(v)
                        on_stack.add(v)
                        work.append((v, iter(self.out[v])))
                        pushed = True
                        break
                    if v in on_stack:
                        low[u] = min(low[u], index[v])
                if pushed:
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[u])
                if low[u] == index[u]:
                    while True:
                        v = stack.pop()
                        on_stack.discard(v)
                        comp[v] = u
                        if v == u:
                            break
        return comp

    # The fixpoints.

    def _fixpoint(self, optimistic):
        """The greatest fixpoint of L(F) = min(root value, min over edges e
        into F of max(level(e), L(caller)), or level(e) when the caller
        closes scopes), by a worklist: levels only go down, at most twice
        per node, so the work is linear in the edges."""
        L = [NOIO] * self.size
        for i in range(self.n):
            if self.outside[i] or (self.reasons[i] and not optimistic):
                L[i] = NONE
        # A function that closes scopes passes nothing on, pessimistically;
        # optimistically the scope it closes is one its callers opened inside
        # theirs, and theirs still count.
        closes = self.closes if not optimistic else [False] * self.size
        for e, u in enumerate(self.src):
            if closes[u] and self.lvl[e] < L[self.dst[e]]:
                L[self.dst[e]] = self.lvl[e]
        stack = [v for v in range(self.size) if L[v] < NOIO]
        out, dst, lvl = self.out, self.dst, self.lvl
        while stack:
            u = stack.pop()
            if closes[u]:
                continue
            lu = L[u]
            for e in out[u]:
                c = lvl[e] if lvl[e] > lu else lu
                v = dst[e]
                if c < L[v]:
                    L[v] = c
                    stack.append(v)
        return L

    def effective(self, i, site, levels):
        own = LEVEL[site.get("level", "none")]
        if self.closes[i] and levels is self.pess:
            return own
        return max(own, levels[i])

    # The evidence: one BFS tree per level, over all functions at once.

    def cover_parents(self, k):
        """For each non-closing node whose pessimistic level is >= k: the
        edge into it on a shortest chain to a call whose own level is >= k
        (-1: none)."""
        if k not in self._cover:
            L, parent, queue = self.pess, [-1] * self.size, []
            for v in range(self.size):
                if self.closes[v] or L[v] < k:
                    continue
                for e in self.inn[v]:
                    if self.lvl[e] >= k:
                        parent[v] = e
                        queue.append(v)
                        break
            for u in queue:
                for e in self.out[u]:
                    v = self.dst[e]
                    if parent[v] == -1 and not self.closes[v] and L[v] >= k:
                        parent[v] = e
                        queue.append(v)
            self._cover[k] = parent
        return self._cover[k]

    def needed_parents(self, k):
        """For each node whose optimistic level is < k: the edge into it on
        a chain of calls below k from a system call (START: the node is an
        outside root)."""
        if k not in self._needed:
            parent, queue = [-1] * self.size, []
            for i in range(self.n):
                if self.outside[i]:
                    parent[i] = START
                    queue.append(i)
            for u in queue:
                if self.opt[u] >= k:
                    continue
                for e in self.out[u]:
                    v = self.dst[e]
                    if self.lvl[e] < k and parent[v] == -1:
                        parent[v] = e
                        queue.append(v)
            self._needed[k] = parent
        return self._needed[k]

    def unknown_roots(self, k):
        """For each node: up to MAX_UNKNOWN_ROOTS unknown roots that reach
        it along calls below k (the nearest first), or None."""
        if k not in self._unknown:
            labels = [None] * self.size
            queue = []
            for i in range(self.n):
                if self.unknown_root[i]:
                    labels[i] = [i]
                    queue.append((i, i))
            for u, r in queue:
                for e in self.out[u]:
                    if self.lvl[e] >= k:
                        continue
                    v = self.dst[e]
                    have = labels[v]
                    if have is None:
                        labels[v] = [r]
                    elif len(have) < MAX_UNKNOWN_ROOTS and r not in have:
                        have.append(r)
                    else:
                        continue
                    queue.append((v, r))
            self._unknown[k] = labels
        return self._unknown[k]

    def _hops(self, edges):
        """The callers of a walk back over \\p edges (nearest first) as hops
        {function, file, line[, through]}; field nodes are left out."""
        hops = []
        for e in edges:
            u = self.src[e]
            if u >= self.n:
                continue
            hop = {"function": self.ids[u], "file": self.funcs[u].file, "line": self.line[e]}
            if self.via[e]:
                hop["through"] = self.via[e]
            hops.append(hop)
        return hops

    def cover_chain(self, v, k):
        """(callers nearest first, the scope's text) that put node v inside
        a scope of level >= k, or None."""
        parent, edges = self.cover_parents(k), []
        while parent[v] >= 0:
            e = parent[v]
            edges.append(e)
            if self.lvl[e] >= k:
                return self._hops(edges), self.scope[e] or "a scope"
            v = self.src[e]
        return None

    def needed_chain(self, v, k):
        """(callers nearest first, "outside") that reach node v from a
        system call without a scope of level >= k, or None."""
        parent, edges = self.needed_parents(k), []
        while True:
            e = parent[v]
            if e == START:
                return self._hops(edges), "outside"
            if e < 0:
                return None
            edges.append(e)
            v = self.src[e]

    def hop(self, i, line=None, path=None):
        f = self.funcs[i]
        return {"function": f.id, "file": path or f.file, "line": f.line if line is None else line}

    def name(self, fid):
        return self.graph.functions[fid].name


def hop_text(analysis, hop):
    where = "%s:%d" % (hop["file"], hop["line"])
    if hop.get("through"):
        where += ", through %s" % hop["through"]
    return "%s (%s)" % (analysis.name(hop["function"]), where)


def chain_text(analysis, hops):
    """`a (x.c:1) → b (y.c:2) → c (z.c:3)`, hops in call order."""
    return " → ".join(hop_text(analysis, h) for h in hops)


def site_verdict(a, i, site):
    """The verdict and evidence of \\p site in function node \\p i."""
    needs = LEVEL[site["needs"]]
    own = LEVEL[site.get("level", "none")]
    pess, opt = a.effective(i, site, a.pess), a.effective(i, site, a.opt)
    here = a.hop(i, site["line"], site["file"])
    f = a.funcs[i]
    if pess >= needs:
        if own >= needs:
            hops, scope = [here], f.site_scope(site)
        else:
            hops, scope = a.cover_chain(i, needs)
            hops = hops[::-1] + [here]
        evidence = {"chain": hops, "scope": scope,
                    "text": "inside %s: %s" % (scope, chain_text(a, hops))}
        return "redundant", pess, opt, evidence
    if opt < needs:
        hops, start = a.needed_chain(i, needs)
        hops = hops[::-1] + [here]
        evidence = {"chain": hops, "start": start,
                    "text": "entered from a system call, no scope: %s" % chain_text(a, hops)}
        return "needed", pess, opt, evidence
    roots = [{"function": a.ids[r], "reason": "; ".join(a.reasons[r])}
             for r in a.unknown_roots(needs)[i] or ()]
    evidence = {"roots": roots,
                "text": "callers unknown: " + "; ".join(
                    "%s(): %s" % (a.name(r["function"]), r["reason"]) for r in roots)}
    return "unknown", pess, opt, evidence


def site_verdicts(graph):
    """Every site once (by file, line, column; in the function that gives
    it the least coverage when several claim it), sorted by place, with its
    verdict and evidence."""
    a = graph.analysis()
    by_place = {}
    for i, f in enumerate(a.funcs):
        for place, site in f.sites.items():
            by_place.setdefault(place, []).append((i, site))
    out = []
    for place in sorted(by_place):
        i, site = min(by_place[place], key=lambda o: (a.effective(o[0], o[1], a.pess),
                                                     a.effective(o[0], o[1], a.opt)))
        verdict, pess, opt, evidence = site_verdict(a, i, site)
        out.append({"file": site["file"], "line": site["line"], "column": site.get("column", 0),
                    "function": a.ids[i], "allocator": site.get("allocator", "?"),
                    "mask": site.get("mask", "?"), "needs": site["needs"],
                    "level": site.get("level", "none"), "pessimistic": LEVELS[pess],
                    "optimistic": LEVELS[opt], "verdict": verdict, "evidence": evidence})
    return out


def verdicts_for_check(graph):
    """What linuxkernel-redundant-nofs reads: the functions that run inside
    a scope on every call we see (pessimistic level above none), except
    those that close scopes, with one chain as the note's text."""
    a = graph.analysis()
    functions = {}
    for i, fid in enumerate(a.ids):
        level = a.pess[i]
        if level == NONE or a.closes[i]:
            continue
        hops, scope = a.cover_chain(i, level)
        chain = [hop_text(a, a.hop(i))] + [hop_text(a, h) for h in hops]
        functions[fid] = {"level": LEVELS[level],
                          "via": "called only inside scopes; one chain: %s inside %s"
                                 % (" <- ".join(chain), scope)}
    return {"format": VERDICTS_FORMAT, "version": VERSION, "functions": functions}


def contracts(graph):
    """The fields one function opens a scope through and another closes it
    through: {field, families, openers, closers, opener_maybe}."""
    opens, closes = {}, {}
    for f in graph.functions.values():
        for (field, families, maybe) in f.opens:
            entry = opens.setdefault(field, {"families": set(), "ids": set(), "maybe": False})
            entry["families"].update(families)
            entry["ids"].add(f.id)
            entry["maybe"] = entry["maybe"] or maybe
        for (field, _, _) in f.closes_fields:
            closes.setdefault(field, set()).add(f.id)
    return [{"field": field, "families": sorted(opens[field]["families"]),
             "openers": sorted(opens[field]["ids"]), "closers": sorted(closes[field]),
             "opener_maybe": opens[field]["maybe"]}
            for field in sorted(opens) if field in closes]


def group_of(path):
    """The report's group of a file: fs/<dir>, fs, block, drivers/md, else
    the first two directories (the directory, "." for none)."""
    parts = path.split("/")
    dirs = parts[:-1]
    if dirs[:1] == ["fs"]:
        return "/".join(dirs[:2])
    if dirs[:1] == ["block"]:
        return "block"
    if dirs[:2] == ["drivers", "md"]:
        return "drivers/md"
    return "/".join(dirs[:2]) or "."


def report_json(graph, title=None, seconds=None):
    """Every site with its verdict and evidence, the counts per group and
    the learned contracts."""
    a = graph.analysis()
    sites = site_verdicts(graph)
    groups = {}
    for s in sites:
        g = groups.setdefault(group_of(s["file"]), {"sites": 0, "redundant": 0, "needed": 0,
                                                   "unknown": 0})
        g["sites"] += 1
        g[s["verdict"]] += 1
    counts = {v: sum(1 for s in sites if s["verdict"] == v)
              for v in ("redundant", "needed", "unknown")}
    report = {"format": REPORT_FORMAT, "version": VERSION,
              "title": title or "gfpscope audit of explicit GFP_NOFS/GFP_NOIO masks",
              "units": len(graph.units), "functions": a.n, "edges": a.call_edges,
              "roots": {"outside": sum(a.outside), "unknown": sum(a.unknown_root)},
              "counts": dict(sites=len(sites), **counts),
              "groups": [dict(group=g, **groups[g]) for g in sorted(groups)],
              "contracts": contracts(graph), "sites": sites}
    if seconds is not None:
        report["seconds"] = round(seconds, 2)
    return report


def _short(fid):
    return fid.rsplit("::", 1)[-1]


def report_markdown(report):
    """The report as markdown: counts per group, contracts, each redundant
    site with its chain, the first needed ones."""
    c = report["counts"]
    out = ["# %s" % report["title"], "",
           "%d units, %d functions, %d call edges (%d outside roots, %d unknown roots); "
           "%d explicit NOFS/NOIO sites: %d redundant, %d needed, %d unknown." % (
               report["units"], report["functions"], report["edges"], report["roots"]["outside"],
               report["roots"]["unknown"], c["sites"], c["redundant"], c["needed"], c["unknown"]),
           "", "| group | sites | redundant | needed | unknown |", "|---|---|---|---|---|"]
    for g in report["groups"]:
        out.append("| %s | %d | %d | %d | %d |" % (g["group"], g["sites"], g["redundant"],
                                                   g["needed"], g["unknown"]))
    out.append("| **total** | %d | %d | %d | %d |" % (c["sites"], c["redundant"], c["needed"],
                                                     c["unknown"]))
    out += ["", "## Contracts", ""]
    if report["contracts"]:
        out += ["| field | families | opened by | closed by | opener may not open |",
                "|---|---|---|---|---|"]
        for k in report["contracts"]:
            out.append("| `%s` | %s | %s | %s | %s |" % (
                k["field"], ", ".join(k["families"]),
                ", ".join("`%s()`" % _short(f) for f in k["openers"]),
                ", ".join("`%s()`" % _short(f) for f in k["closers"]),
                "yes" if k["opener_maybe"] else "no"))
    else:
        out.append("None.")
    out += ["", "## Redundant masks (%d)" % c["redundant"], ""]
    out += [_site_line(s) for s in report["sites"] if s["verdict"] == "redundant"] or ["None."]
    needed = [s for s in report["sites"] if s["verdict"] == "needed"]
    shown = needed[:MAX_NEEDED_EXAMPLES]
    out += ["", "## Needed masks (%s)" % ("%d" % len(needed) if len(needed) == len(shown)
                                          else "first %d of %d" % (len(shown), len(needed))), ""]
    out += [_site_line(s) for s in shown] or ["None."]
    out.append("")
    return "\n".join(out)


def _site_line(s):
    return "- `%s:%d:%d` `%s(%s)` in `%s()`: %s" % (
        s["file"], s["line"], s["column"], s["allocator"], s["mask"], _short(s["function"]),
        s["evidence"]["text"])


def write_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


@cli.main
def main(argv=None):
    parser = argparse.ArgumentParser(prog="audit", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    merge = commands.add_parser("merge", help="merge the per-unit summaries; write the verdicts "
                                              "and the report")
    merge.add_argument("--summaries", required=True, metavar="DIR",
                       help="the directory of the check's per-unit summaries (*.json)")
    merge.add_argument("--verdicts", metavar="OUT.json", help="the verdicts the check reads")
    merge.add_argument("--report", metavar="OUT.json", help="every site with its evidence")
    merge.add_argument("--markdown", metavar="OUT.md", help="the report as markdown")
    merge.add_argument("--title", help="the markdown report's title")
    args = parser.parse_args(argv)
    start = time.monotonic()
    graph = load_summaries(args.summaries)
    analysis = graph.analysis()
    verdicts = verdicts_for_check(graph)
    report = report_json(graph, args.title)
    report["seconds"] = round(time.monotonic() - start, 2)
    if args.verdicts:
        write_json(args.verdicts, verdicts)
    if args.report:
        write_json(args.report, report)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(report_markdown(report))
    c = report["counts"]
    print("audit: %d units, %d functions, %d edges, %d sites: %d redundant, %d needed, "
          "%d unknown; %d functions in scope (%.1f s)" % (
              len(graph.units), analysis.n, analysis.call_edges, c["sites"], c["redundant"],
              c["needed"], c["unknown"], len(verdicts["functions"]),
              time.monotonic() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
