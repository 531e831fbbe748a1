// SPDX-License-Identifier: GPL-2.0-only
/// Find vmalloc-family calls (__vmalloc, kvmalloc, ...) whose gfp mask is
/// GFP_NOFS or GFP_NOIO, written at the call or assigned to a local
/// variable that reaches it. Before Linux 5.17 vmalloc allocates its page
/// tables with GFP_KERNEL whatever the mask says, and from 4.18 to 5.16
/// kvmalloc with such a mask never falls back to vmalloc. Mark the section
/// with memalloc_nofs_save()/memalloc_nofs_restore() (or the noio pair)
/// and allocate with GFP_KERNEL.
///
/// The counterpart of gfpscope's linuxkernel-vmalloc-nofs clang-tidy check,
/// for comparison (scripts/bench.py). Textual, like every semantic patch:
/// masks are recognised by the names GFP_NOFS/GFP_NOIO (or "& ~__GFP_FS"),
/// not by value, and wrappers that pass their own gfp_t on are not followed.
///
// Confidence: Moderate
// Copyright: (C) 2025 the gfpscope authors
// Options: --no-includes --include-headers
// Requires: 1.0.8

virtual report
virtual org

@initialize:python@
@@
import re

# What the mask says, from its text: "NOFS", "NOIO" or None. GFP_KERNEL or
# GFP_USER OR-ed in gives back __GFP_FS/__GFP_IO (fs/nfsd/vfs.c writes
# GFP_KERNEL | GFP_NOFS), unless bits are masked off again.
def mask_kind(text):
    t = re.sub(r"\s+", "", text)
    if "?" in t:    # cond ? GFP_NOFS : GFP_KERNEL: either side may reach the call
        for side in t.split("?", 1)[1].split(":"):
            kind = mask_kind(side)
            if kind:
                return kind
        return None
    cleared = re.search(r"&~\(?[\w|]*__GFP_(FS|IO)\b", t)
    if cleared:
        return "NOIO" if "__GFP_IO" in cleared.group(0) else "NOFS"
    names = set(re.findall(r"\b\w+\b", t))
    if names & {"GFP_KERNEL", "GFP_USER", "GFP_HIGHUSER", "GFP_HIGHUSER_MOVABLE"}:
        return None
    if "GFP_NOIO" in names:
        return "NOIO"
    if "GFP_NOFS" in names:
        return "NOFS"
    return None

seen = set()

def once(p):
    key = (p[0].file, p[0].line, p[0].column)
    if key in seen:
        return False
    seen.add(key)
    return True

def message(alloc, kind, mask):
    scope = "memalloc_nofs_save()" if kind == "NOFS" else "memalloc_noio_save()"
    return "WARNING: %s with %s mask '%s': use %s and GFP_KERNEL" % (
        alloc, kind, " ".join(mask.split()), scope)

// The family, as in gfpscope's lib/AllocatorCatalog.cpp (the 6.10+ *_noprof
// functions are reached through the alloc_hooks() macros of the same names).
@direct@
identifier alloc =~ "^(__vmalloc|__vmalloc_node|__vmalloc_node_range|__vmalloc_node_flags_caller|__vmalloc_array|__vcalloc|vmalloc_huge|vmalloc_huge_node|vrealloc|kvmalloc|kvzalloc|kvmalloc_node|kvzalloc_node|kvmalloc_array|kvcalloc|kvcalloc_node|kvrealloc|kmem_buckets_valloc)$";
expression M;
position p;
@@

  alloc@p(..., M, ...)

@script:python depends on report@
alloc << direct.alloc;
M << direct.M;
p << direct.p;
@@

kind = mask_kind(M)
if kind and once(p):
    coccilib.report.print_report(p[0], message(alloc, kind, M))

@script:python depends on org@
alloc << direct.alloc;
M << direct.M;
p << direct.p;
@@

kind = mask_kind(M)
if kind and once(p):
    coccilib.org.print_todo(p[0], message(alloc, kind, M))

// A local gfp_t variable assigned a NOFS/NOIO mask that reaches the call,
// or declared with one.
@assigned exists@
identifier alloc =~ "^(__vmalloc|__vmalloc_node|__vmalloc_node_range|__vmalloc_node_flags_caller|__vmalloc_array|__vcalloc|vmalloc_huge|vmalloc_huge_node|vrealloc|kvmalloc|kvzalloc|kvmalloc_node|kvzalloc_node|kvmalloc_array|kvcalloc|kvcalloc_node|kvrealloc|kmem_buckets_valloc)$";
typedef gfp_t;
local idexpression gfp_t g;
expression M, E;
position p;
@@

  g = M
  ... when != g = E
  alloc@p(..., g, ...)

@script:python depends on report@
alloc << assigned.alloc;
M << assigned.M;
p << assigned.p;
@@

kind = mask_kind(M)
if kind and once(p):
    coccilib.report.print_report(p[0], message(alloc, kind, M))

@script:python depends on org@
alloc << assigned.alloc;
M << assigned.M;
p << assigned.p;
@@

kind = mask_kind(M)
if kind and once(p):
    coccilib.org.print_todo(p[0], message(alloc, kind, M))

@declared exists@
identifier alloc =~ "^(__vmalloc|__vmalloc_node|__vmalloc_node_range|__vmalloc_node_flags_caller|__vmalloc_array|__vcalloc|vmalloc_huge|vmalloc_huge_node|vrealloc|kvmalloc|kvzalloc|kvmalloc_node|kvzalloc_node|kvmalloc_array|kvcalloc|kvcalloc_node|kvrealloc|kmem_buckets_valloc)$";
typedef gfp_t;
identifier g;
expression M, E;
position p;
@@

  gfp_t g = M;
  ... when != g = E
  alloc@p(..., g, ...)

@script:python depends on report@
alloc << declared.alloc;
M << declared.M;
p << declared.p;
@@

kind = mask_kind(M)
if kind and once(p):
    coccilib.report.print_report(p[0], message(alloc, kind, M))

@script:python depends on org@
alloc << declared.alloc;
M << declared.M;
p << declared.p;
@@

kind = mask_kind(M)
if kind and once(p):
    coccilib.org.print_todo(p[0], message(alloc, kind, M))
