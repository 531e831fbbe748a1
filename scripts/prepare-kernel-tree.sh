#!/usr/bin/env bash
# Prepare a Debian Linux source tree (6.12, 6.1 or 5.10) so that clang-tidy can run on every
# translation unit that uses the vmalloc family with a gfp mask or the memalloc scope API.
#
#   scripts/prepare-kernel-tree.sh 6.12|6.1|5.10 [DEST]     (DEST default ${GFPSCOPE_TREES:-/work/trees})
#
# Result: DEST/linux-<v>/compile_commands.json and DEST/linux-<v>/.gfpscope-prepared (the API
# files that have a compile-database entry, one path per line, relative to the tree).
# Restartable: each step leaves a stamp in DEST/.gfpscope-<v>/ and is skipped when done (remove
# a stamp stepN.done to redo that step). Lists and logs go there too. See docs/kernel-trees.md.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/lib-kernel.sh
source "$SCRIPT_DIR/lib-kernel.sh"

usage() { echo "usage: $0 6.12|6.1|5.10 [DEST]" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || usage
V=$1
case "$V" in 6.12 | 6.1 | 5.10) ;; *) usage ;; esac
DEST=$(realpath -m "${2:-${GFPSCOPE_TREES:-/work/trees}}")
REPO=$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || dirname "$SCRIPT_DIR")
case "$DEST/" in
"$(realpath -m "$REPO")"/*) echo "refusing DEST=$DEST: it is inside the repository $REPO" >&2; exit 2 ;;
esac

TREE=$DEST/linux-$V
STATE=$DEST/.gfpscope-$V       # stamps, logs and lists of this script
LLVM_BIN=/usr/lib/llvm-14/bin
MAKEVARS=(LLVM=1)
[[ $V == 5.10 ]] && MAKEVARS+=(LLVM_IAS=1)
# Symbols of this version only (KERNEL_REQUIRED_SYMS holds what every tree has).
KERNEL_VERSION_SYMS=()
[[ $V == 6.12 ]] && KERNEL_VERSION_SYMS=(BCACHEFS_FS)   # bcachefs: merged in 6.7
JOBS=$(nproc)
NSTEPS=8
T0=$SECONDS

log() { echo "[prepare $V] $* (t=$((SECONDS - T0))s)" >&2; }
kmake() { (cd "$TREE" && PATH="$LLVM_BIN:$PATH" make "${MAKEVARS[@]}" "$@"); }

# step N NAME FUNCTION: run FUNCTION unless its stamp exists.
step() {
	local n=$1 name=$2 fn=$3 t=$SECONDS
	if [[ -f $STATE/step$n.done ]]; then
		log "step $n/$NSTEPS: $name: already done"
		return
	fi
	log "step $n/$NSTEPS: $name ..."
	"$fn"
	touch "$STATE/step$n.done"
	log "step $n/$NSTEPS: $name: done in $((SECONDS - t))s"
}

apt_install() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >>"$STATE/apt.log" 2>&1
}

# --- 1. build dependencies ------------------------------------------------------------------
BUILD_DEPS=(flex bison bc libelf-dev libssl-dev cpio python3 clang-14 lld-14 llvm-14)
install_deps() {
	local missing=() p
	for p in "${BUILD_DEPS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	if ((${#missing[@]})); then
		log "installing ${missing[*]}"
		apt-get update -qq
		apt_install "${missing[@]}" || { cat "$STATE/apt.log" >&2; return 1; }
	fi
}

# --- 2. source package ----------------------------------------------------------------------
APTDIR=$DEST/.apt-bullseye      # private apt state for 5.10: the system's sources stay untouched
APT_OPTS=(-o "Dir::Etc::SourceList=$APTDIR/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$APTDIR/lists" -o "Dir::Cache=$APTDIR/cache"
	-o Acquire::Check-Valid-Until=false)
# 6.1 (bookworm) and 6.12 (bookworm-security) come from the system's own sources.
tarball() {
	if [[ $V != 5.10 ]]; then echo "/usr/src/linux-source-$V.tar.xz"
	else echo "$APTDIR/x/usr/src/linux-source-5.10.tar.xz"; fi
}
fetch_source() {
	if [[ $V != 5.10 ]]; then
		[[ -f $(tarball) ]] && return
		apt_install "linux-source-$V" || { apt-get update -qq && apt_install "linux-source-$V"; } ||
			{ cat "$STATE/apt.log" >&2; return 1; }
		return
	fi
	mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bullseye main" \
		>"$APTDIR/sources.list"
	if ! compgen -G "$APTDIR/linux-source-5.10_*.deb" >/dev/null; then
		apt-get "${APT_OPTS[@]}" update -qq >&2
		(cd "$APTDIR" && apt-get "${APT_OPTS[@]}" -o APT::Sandbox::User=root download linux-source-5.10 >&2)
	fi
	rm -rf "$APTDIR/x"
	dpkg -x "$(compgen -G "$APTDIR/linux-source-5.10_*.deb" | sort -V | tail -n1)" "$APTDIR/x"
}

# --- 3. unpack --------------------------------------------------------------------------------
unpack() {
	local tmp=$DEST/.unpack-$V
	[[ ! -e $TREE ]] || { echo "$TREE exists but has no Makefile: remove it first" >&2; return 1; }
	rm -rf "$tmp" && mkdir -p "$tmp"
	tar -C "$tmp" -xf "$(tarball)"
	mv "$tmp/linux-source-$V" "$TREE" && rmdir "$tmp"
	[[ $V == 5.10 ]] && rm -rf "$APTDIR/x"   # the .deb stays for a restart
	return 0
}

# --- 4. config --------------------------------------------------------------------------------
configure() {
	kernel_api_files "$TREE" >"$STATE/api-files.txt"
	kernel_wanted_symbols "$TREE" "$STATE/api-files.txt" >"$STATE/grep-symbols.txt"
	# wanted = required ∪ derived from the grep, minus the forbidden ones
	printf '%s\n' $KERNEL_REQUIRED_SYMS $KERNEL_EXTRA_SYMS "${KERNEL_VERSION_SYMS[@]}" | cat - "$STATE/grep-symbols.txt" | sort -u |
		grep -vxF -f <(printf '%s\n' $KERNEL_FORBIDDEN_SYMS) >"$STATE/wanted-symbols.txt"
	kmake defconfig >/dev/null
	local off=() s
	for s in $KERNEL_FORBIDDEN_SYMS; do off+=(--disable "$s"); done
	for _ in 1 2; do   # twice: some symbols become settable once their menus are on
		kconfig_enable "$TREE/.config" <"$STATE/wanted-symbols.txt"
		(cd "$TREE" && scripts/config --file .config "${off[@]}" --enable INIT_STACK_NONE)
		kmake olddefconfig >/dev/null
	done
	local on total req_missing
	total=$(wc -l <"$STATE/wanted-symbols.txt")
	on=$(grep -cxE -f <(sed 's/.*/CONFIG_&=[ym]/' "$STATE/wanted-symbols.txt") "$TREE/.config" || true)
	while read -r s; do grep -qE "^CONFIG_$s=[ym]" "$TREE/.config" || echo "$s"; done \
		<"$STATE/wanted-symbols.txt" >"$STATE/wanted-symbols-off.txt"
	req_missing=$(for s in $KERNEL_REQUIRED_SYMS "${KERNEL_VERSION_SYMS[@]}"; do
		grep -qE "^CONFIG_$s=[ym]" "$TREE/.config" || printf '%s ' "$s"; done)
	log "config: $on of $total wanted symbols are =y/=m ($(wc -l <"$STATE/api-files.txt") API files;" \
		"off: $STATE/wanted-symbols-off.txt); required but off: ${req_missing:-none}"
	for s in INIT_STACK_NONE WERROR KVM_WERROR KASAN UBSAN KCOV GCOV_KERNEL KCSAN; do
		log "config: $(grep -E "^(# )?CONFIG_${s}[= ]" "$TREE/.config" || echo "CONFIG_$s (undefined)")"
	done
}

# --- 5. prepare -------------------------------------------------------------------------------
prepare() {
	kmake -j"$JOBS" prepare modules_prepare >"$STATE/prepare.log" 2>&1 ||
		{ tail -n 30 "$STATE/prepare.log" >&2; return 1; }
}

# --- 6. object list from a dry run (kbuild's own spellings, only what the config builds) ------
list_objects() {
	{ kmake -n -k vmlinux modules 2>/dev/null || true; } |   # -k: a dry run reports missing inputs
		grep -oE -- '-c -o [^ ;]+\.o [^ ;]+\.c' | awk '{print $3, $4}' | sort -u >"$STATE/dry-run-objects.txt"
	# make -n lists only what is out of date: on a redo keep the earlier objects that were built.
	python3 - "$STATE/api-files.txt" "$STATE/dry-run-objects.txt" "$STATE/objects.txt" "$TREE" <<'PY' |
import os, sys
api = set(open(sys.argv[1]).read().split())
for line in open(sys.argv[2]):
    obj, src = line.split()
    if os.path.normpath(src) in api:
        print(obj)
if os.path.exists(sys.argv[3]):
    for o in open(sys.argv[3]).read().split():
        if os.path.exists(os.path.join(sys.argv[4], o)):
            print(o)
PY
		sort -u >"$STATE/objects.new" && mv "$STATE/objects.new" "$STATE/objects.txt"
	log "dry run: $(wc -l <"$STATE/dry-run-objects.txt") objects in the build," \
		"$(wc -l <"$STATE/objects.txt") of them from API files"
}

# --- 7. build those objects -------------------------------------------------------------------
build_objects() {
	local o objs failed=()
	mapfile -t objs <"$STATE/objects.txt"
	# -k: keep going; failures are listed below rather than aborting the script
	kmake -j"$JOBS" -k "${objs[@]}" >"$STATE/build.log" 2>&1 || true
	while read -r o; do [[ -f $TREE/$o ]] || failed+=("$o"); done <"$STATE/objects.txt"
	printf '%s\n' "${failed[@]}" | sed '/^$/d' >"$STATE/failed-objects.txt"
	log "built $(($(wc -l <"$STATE/objects.txt") - ${#failed[@]})) objects, ${#failed[@]} failed" \
		"${failed[*]:+(${failed[*]}; see $STATE/build.log)}"
}

# --- 8. compile database ----------------------------------------------------------------------
compile_db() {
	(cd "$TREE" && python3 scripts/clang-tools/gen_compile_commands.py)
	kernel_db_files "$TREE" >"$STATE/db-files.txt"
	comm -12 "$STATE/api-files.txt" "$STATE/db-files.txt" >"$TREE/.gfpscope-prepared"
	comm -23 "$STATE/api-files.txt" "$STATE/db-files.txt" >"$STATE/api-files-not-in-db.txt"
	log "compile_commands.json: $(wc -l <"$STATE/db-files.txt") entries;" \
		"$(wc -l <"$TREE/.gfpscope-prepared") of $(wc -l <"$STATE/api-files.txt") API files covered" \
		"(the others: $STATE/api-files-not-in-db.txt)"
}

mkdir -p "$STATE"
log "tree $TREE"
[[ -f $TREE/Makefile ]] || rm -f "$STATE"/step[3-8].done   # no tree: everything after the download again
step 1 "build dependencies" install_deps
step 2 "source package" fetch_source
step 3 "unpack" unpack
step 4 "config (defconfig + API users)" configure
step 5 "make prepare" prepare
step 6 "object list (make -n)" list_objects
step 7 "build API objects" build_objects
step 8 "compile database" compile_db
log "finished: $(du -sh "$TREE" | cut -f1) in $TREE"
