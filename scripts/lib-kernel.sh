# shellcheck shell=bash
# Shared helpers for scripts/prepare-kernel-tree.sh (sourced, not run).
# See docs/kernel-trees.md.

# The APIs gfpscope cares about: the vmalloc family with a gfp mask and the memalloc scope API
# (memalloc_nocma_save is 5.10's name of memalloc_pin_save; memalloc_flags_save is 6.9's generic
# save and memalloc_flags_do bcachefs's macro over it, both absent before, so the 5.10 and 6.1
# lists are unchanged by them).
KERNEL_API_REGEX='__vmalloc\|kvmalloc\|kvzalloc\|kvcalloc\|kvmalloc_array\|memalloc_no\(fs\|io\|reclaim\)_save\|memalloc_pin_save\|memalloc_nocma_save\|memalloc_flags_save\|memalloc_flags_do'

# Symbols the project wants in any case (kernel-trees.md); the rest is derived from the grep.
KERNEL_REQUIRED_SYMS="EXT4_FS JBD2 XFS_FS BTRFS_FS GFS2_FS MTD MTD_UBI UBIFS_FS
 NFS_FS NFS_V4 NFS_V4_1 PNFS_BLOCK NFSD NFSD_V4 F2FS_FS F2FS_FS_COMPRESSION
 CEPH_LIB CEPH_FS BLK_DEV_RBD MD BLK_DEV_MD BLK_DEV_DM DM_INTEGRITY DM_WRITECACHE DM_CRYPT
 DM_SNAPSHOT DM_THIN_PROVISIONING DM_CACHE DM_ERA DM_CLONE DM_VERITY DM_EBS
 MD_RAID0 MD_RAID1 MD_RAID10 MD_RAID456 BLK_DEV_DRBD CIFS OCFS2_FS NILFS2_FS FUSE_FS
 EROFS_FS EROFS_FS_ZIP ZRAM XEN XEN_BLKDEV_FRONTEND INFINIBAND INFINIBAND_IPOIB"

# Best effort, for API files that the Makefile/Kconfig walk below cannot reach: "A || B"
# dependencies, symbols that are only selected, Makefiles included from another directory (amdkfd).
KERNEL_EXTRA_SYMS="HSA_AMD HSA_AMD_SVM KVM_INTEL KVM_AMD KVM_AMD_SEV MACSEC INET_ESP INET_ESP_OFFLOAD
 PCI_HYPERV MEDIA_CAMERA_SUPPORT MEDIA_TEST_SUPPORT V4L_TEST_DRIVERS VIDEO_DEV STAGING_MEDIA
 USB_CONFIGFS USB_CONFIGFS_F_FS BT_HCIBTUSB BT_HCIBTUSB_RTL SND_VIRMIDI SPI
 CRYPTO_DEV_CCP CRYPTO_DEV_CCP_DD CRYPTO_DEV_SP_PSP VIRTIO_PCI BLK_DEV_NVME NVM NVM_PBLK
 XFS_ONLINE_SCRUB"

# Never enabled even if the grep maps to them: they add flags other clang versions may not know,
# or turn warnings into errors. They are switched off after everything else.
KERNEL_FORBIDDEN_SYMS="WERROR KVM_WERROR DRM_WERROR KASAN KCSAN KMSAN UBSAN KCOV GCOV_KERNEL
 GCOV_PROFILE_ALL KASAN_GENERIC KASAN_SW_TAGS SHADOW_CALL_STACK DEBUG_INFO_BTF INIT_STACK_ALL_ZERO INIT_STACK_ALL_PATTERN CFI_CLANG LTO_CLANG_THIN
 LTO_CLANG_FULL MODULE_SIG_ALL"

# kernel_api_files TREE: the .c files that name the APIs, relative to TREE, for x86 builds
# (other arches and the user-space tools/ are left out).
kernel_api_files() {
	(cd "$1" && grep -rl --include='*.c' "$KERNEL_API_REGEX" .) | sed 's|^\./||' |
		grep -v -e '^tools/' -e '^arch/[^x]' -e '^arch/xtensa/' | sort
}

# kernel_wanted_symbols TREE API_LIST: Kconfig symbols needed to compile the files of API_LIST.
# Reads the Makefiles (obj-$(CONFIG_X) += f.o, comp-$(CONFIG_Y) += f.o, dir/ lines of the
# parents) and then adds the plain "depends on A && B" prerequisites from the Kconfig files.
kernel_wanted_symbols() {
	python3 - "$1" "$2" <<'PY'
import os, re, sys
tree, api_list = sys.argv[1], sys.argv[2]
os.chdir(tree)
SKIP = {"COMPILE_TEST", "BROKEN", "UML", "m", "y", "n"}

def kbuild_lines(d):
    """(lhs, rhs-tokens, enclosing positive CONFIG conditions) of a kbuild file."""
    for name in ("Kbuild", "Makefile"):
        p = os.path.join(d, name)
        if os.path.isfile(p):
            break
    else:
        return []
    text = re.sub(r"\\\n", " ", open(p, errors="replace").read())
    out, conds = [], []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"(ifdef|ifeq|ifneq|ifndef)\b(.*)", line)
        if m:
            sym = re.search(r"CONFIG_(\w+)", m.group(2))
            pos = m.group(1) == "ifdef" or (m.group(1) == "ifeq" and re.search(r",\s*[ym]\s*\)", m.group(2))) \
                or (m.group(1) == "ifneq" and re.search(r",\s*\)", m.group(2)))
            conds.append(sym.group(1) if sym and pos else None)
            continue
        if line.startswith("else"):
            if conds: conds[-1] = None
            continue
        if line.startswith("endif"):
            if conds: conds.pop()
            continue
        m = re.match(r"([\w$().-]+)\s*[:+]?=\s*(.*)", line)
        if m:
            out.append((m.group(1), m.group(2).split(), [c for c in conds if c]))
    return out

def refs(a, d, base):
    """Kbuild lines of directory a that name d/base (a is d or one of its parents), e.g.
    obj-$(CONFIG_X) += f.o, or in a parent mlx5_core-$(CONFIG_Y) += en/f.o, or
    xfs-y += $(addprefix scrub/, f.o ...)."""
    rel, sub = os.path.relpath(os.path.join(d, base), a), os.path.relpath(d, a)
    for lhs, rhs, conds in kbuild_lines(a):
        if rel in rhs or (a != d and base in rhs and any(t.rstrip(",") == sub + "/" for t in rhs)):
            yield lhs, conds

def syms_for(d, base, depth=0):
    """(symbols needed for d/base to be built, directory whose Makefile names it)."""
    for a in (d, os.path.dirname(d), os.path.dirname(os.path.dirname(d))):
        syms, found = set(), False
        for lhs, conds in refs(a, d, base):
            found = True
            syms |= set(re.findall(r"CONFIG_(\w+)", lhs)) | set(conds)
            comp = re.match(r"([\w-]+?)-(y|m|objs|\$\(CONFIG_\w+\))$", lhs)
            if comp and comp.group(1) != "obj" and depth < 8:   # part of a composite object
                syms |= syms_for(a, comp.group(1) + ".o", depth + 1)[0]
        if found:
            return syms, a
        if not a:
            break
    return set(), d

def dir_syms(d):
    """Symbols on the way from the top Makefile down to directory d (obj-$(CONFIG_X) += d/)."""
    syms, cur = set(), d
    while "/" in cur:
        parent, found = cur, False
        while "/" in parent and not found:
            parent = parent.rsplit("/", 1)[0]
            rel = os.path.relpath(cur, parent) + "/"
            for lhs, rhs, conds in kbuild_lines(parent):
                if rel in rhs:
                    found = True
                    syms |= set(re.findall(r"CONFIG_(\w+)", lhs)) | set(conds)
        cur = parent if found else cur.rsplit("/", 1)[0]
    return syms

wanted = set()
for f in open(api_list).read().split():
    syms, where = syms_for(*os.path.split(f[:-2] + ".o"))
    wanted |= syms | dir_syms(where)

# Kconfig: symbol -> list of "depends on" expressions (including enclosing if/menu blocks).
deps = {}
for root, dirs, files in os.walk("."):
    if root.startswith(("./arch/", "./tools", "./scripts", "./Documentation")) and not root.startswith("./arch/x86"):
        dirs[:] = []
        continue
    for fn in files:
        if not fn.startswith("Kconfig"):
            continue
        stack, cur, in_help = [], None, False
        text = re.sub(r"\\\n", " ", open(os.path.join(root, fn), errors="replace").read())
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].rstrip()
            if in_help:
                if line and not line[0].isspace():
                    in_help = False
                else:
                    continue
            s = line.strip()
            m = re.match(r"(menu)?config\s+(\w+)", s)
            if m:
                cur = m.group(2)
                deps.setdefault(cur, []).extend(e for frame in stack for e in frame)
            elif re.match(r"(menu|choice)\b", s):
                stack.append([]); cur = stack[-1]
            elif s.startswith("if "):
                stack.append([s[3:]]); cur = None
            elif s in ("endif", "endmenu", "endchoice"):
                if stack: stack.pop()
                cur = None
            elif s.startswith("depends on "):
                if isinstance(cur, str): deps[cur].append(s[11:])
                elif isinstance(cur, list): cur.append(s[11:])
            elif s in ("help", "---help---"):
                in_help = True

def wraps(t):
    """True if the first "(" of t closes at its last character."""
    depth = 0
    for i, c in enumerate(t):
        depth += (c == "(") - (c == ")")
        if depth == 0:
            return i == len(t) - 1
    return False

def and_terms(expr):
    """Positive symbols of the top-level && chain of a Kconfig expression."""
    terms, depth, start = [], 0, 0
    for i, c in enumerate(expr):
        depth += (c == "(") - (c == ")")
        if depth == 0 and expr.startswith("&&", i):
            terms.append(expr[start:i]); start = i + 2
    terms.append(expr[start:])
    for t in terms:
        t = t.strip()
        if t.startswith("(") and t.endswith(")") and wraps(t):
            yield from and_terms(t[1:-1]); continue
        m = re.fullmatch(r"(\w+)\s*(?:(=|!=)\s*(\w+))?", t)
        if m and (m.group(2) is None or (m.group(2), m.group(3)) in (("=", "y"), ("=", "m"), ("!=", "n"))):
            yield m.group(1)

todo = list(wanted)
while todo:
    s = todo.pop()
    for e in deps.get(s, []):
        for t in and_terms(e):
            if t not in wanted and t not in SKIP and not t.isdigit():
                wanted.add(t); todo.append(t)
print("\n".join(sorted(w for w in wanted if w not in SKIP)))
PY
}

# kconfig_enable CONFIG <SYMBOLS: set each symbol of stdin to y in the .config file CONFIG (what
# `scripts/config --enable` does, but in one pass: scripts/config runs sed a few times per symbol,
# minutes for the ~450 symbols here). olddefconfig afterwards drops what cannot be set.
kconfig_enable() {
	awk 'FNR == NR { on[$1] = 1; next }
	     { s = $0; sub(/^# /, "", s); sub(/[= ].*/, "", s); sub(/^CONFIG_/, "", s) }
	     !(s in on) { print }
	     END { for (s in on) print "CONFIG_" s "=y" }' - "$1" >"$1.new" && mv "$1.new" "$1"
}

# kernel_db_files TREE: the files of TREE/compile_commands.json, relative to TREE.
kernel_db_files() {
	python3 -c '
import json, os, sys
tree = os.path.realpath(sys.argv[1])
for e in json.load(open(os.path.join(tree, "compile_commands.json"))):
    print(os.path.relpath(os.path.normpath(os.path.join(e["directory"], e["file"])), tree))
' "$1" | sort -u
}
